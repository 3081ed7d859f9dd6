import Foundation

/// One ECG lead: its name as the file gives it (e.g. "MLII") and its samples in millivolts.
public struct ECGLead: Sendable, Equatable {
    public var name: String
    /// Samples in mV, uniformly spaced at the recording's sample rate.
    public var samples: [Float]

    public init(name: String, samples: [Float]) {
        self.name = name
        self.samples = samples
    }
}

/// Where a recording's sample rate came from.
public enum SampleRateSource: String, Sendable, Codable {
    /// Stated by the file (WFDB header).
    case file
    /// Inferred from a time column (seconds or milliseconds).
    case timeColumn = "time_column"
    /// Given by the caller (`ECGReadOptions.sampleRate`).
    case parameter
    /// Nothing said it: the default (360 Hz) was assumed and a warning added.
    case assumedDefault = "assumed_default"
    /// Digitized from an image: the paper speed and the grid's pixels per millimetre fix it.
    case image
}

/// A multi-lead recording as read from a file: all leads share one sample rate and length.
public struct ECGRecording: Sendable {
    public var leads: [ECGLead]
    /// Samples per second, Hz.
    public var sampleRate: Double
    public var sampleRateSource: SampleRateSource
    /// Human-readable notes about decisions the reader took (assumed rate, guessed units, dropped rows).
    public var warnings: [String]
    /// "csv", "wfdb", "npy", "edf", or for images "png", "jpeg", "bmp".
    public var sourceFormat: String
    /// For recordings read off an image: the image and the full digitization (every lead, grid, layout).
    public var digitizedImage: DigitizedImage?
    /// Timed notes the file carries (EDF+ annotations); empty for formats without them.
    public var annotations: [RecordingAnnotation] = []

    public init(
        leads: [ECGLead], sampleRate: Double, sampleRateSource: SampleRateSource,
        warnings: [String] = [], sourceFormat: String, digitizedImage: DigitizedImage? = nil
    ) {
        self.leads = leads
        self.sampleRate = sampleRate
        self.sampleRateSource = sampleRateSource
        self.warnings = warnings
        self.sourceFormat = sourceFormat
        self.digitizedImage = digitizedImage
    }

    /// Samples per lead (all leads have the same length).
    public var sampleCount: Int { leads.first?.samples.count ?? 0 }

    /// Duration in seconds.
    public var duration: Double { sampleRate > 0 ? Double(sampleCount) / sampleRate : 0 }

    /// Names that identify the standard limb lead II, in order of preference.
    static let preferredLeadNames = ["MLII", "II", "ML2", "LEAD II", "LEADII", "ECG II"]

    /// The lead to analyse. With a `name`, the lead of that name (case-insensitive) or an error listing the
    /// available leads; without, MLII / II when present, else the first lead.
    public func lead(named name: String?) throws -> ECGLead {
        leads[try Self.leadIndex(named: name, in: leads.map(\.name))]
    }

    /// The index in `names` of the lead `lead(named:)` picks.
    static func leadIndex(named name: String?, in names: [String]) throws -> Int {
        guard !names.isEmpty else { throw ECGAnalysisError.invalidInput("the recording has no leads") }
        if let name {
            let wanted = name.trimmingCharacters(in: .whitespaces).uppercased()
            if let match = names.firstIndex(where: { $0.uppercased() == wanted }) { return match }
            let available = names.joined(separator: ", ")
            throw ECGAnalysisError.invalidInput("no lead named '\(name)' (available: \(available))")
        }
        for preferred in Self.preferredLeadNames {
            if let match = names.firstIndex(where: { $0.uppercased() == preferred }) { return match }
        }
        return 0
    }
}

/// Options for reading a recording.
public struct ECGReadOptions: Sendable {
    /// Sample rate in Hz to use when the file does not state one (a WFDB header or a time column wins over it).
    public var sampleRate: Double?
    /// Upper bound on samples per lead; longer inputs are rejected with `invalidInput`.
    public var maxSamples: Int
    /// Upper bound on the number of leads (a CSV may have up to two more columns: an index and a time column).
    public var maxLeads: Int
    /// Upper bound on one CSV/TXT line, in bytes (a lead stored as one row needs about 8 bytes per sample).
    public var maxLineBytes: Int
    /// For images: the lead to analyse (nil: the rhythm strip, see `ImageRecordingReader`).
    public var lead: String?
    /// For images: size limits checked from the header before decoding.
    public var imageLimits: ImageDecodingLimits

    /// Rate assumed when neither the file nor the caller gives one, Hz.
    public static let defaultSampleRate = 360.0

    /// Rates accepted from callers and files, Hz.
    public static let plausibleSampleRates: ClosedRange<Double> = 1...100_000

    /// Default ``maxSamples``: 2 000 000 samples per lead (92 minutes at 360 Hz).
    public static let defaultMaxSamples = 2_000_000
    /// Default ``maxLeads``.
    public static let defaultMaxLeads = 16
    /// Default ``maxLineBytes``: 32 MiB, room for a 30-minute lead stored as one row.
    public static let defaultMaxLineBytes = 32 << 20

    /// `maxSamples` is capped at 2³¹, `maxLeads` at 1 024 and `maxLineBytes` at 2³¹ so that size arithmetic on them
    /// cannot overflow.
    public init(
        sampleRate: Double? = nil, maxSamples: Int = Self.defaultMaxSamples, maxLeads: Int = Self.defaultMaxLeads,
        lead: String? = nil, imageLimits: ImageDecodingLimits = .init(), maxLineBytes: Int = Self.defaultMaxLineBytes
    ) {
        self.sampleRate = sampleRate
        self.maxSamples = max(1, min(maxSamples, 1 << 31))
        self.maxLeads = max(1, min(maxLeads, 1024))
        self.maxLineBytes = max(1, min(maxLineBytes, 1 << 31))
        self.lead = lead
        self.imageLimits = imageLimits
    }

    /// Throws `invalidInput` when the caller's sample rate is not a plausible rate.
    func validate() throws {
        if let sampleRate, !Self.plausibleSampleRates.contains(sampleRate) {
            throw ECGAnalysisError.invalidInput(
                "the sample rate \(sampleRate) Hz is outside \(Int(Self.plausibleSampleRates.lowerBound))–\(Int(Self.plausibleSampleRates.upperBound)) Hz")
        }
    }
}
