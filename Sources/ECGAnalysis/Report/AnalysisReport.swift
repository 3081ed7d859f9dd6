import Foundation

/// The answer to "what does this ECG show?": the JSON that `ecg analyze` prints and `/predict` returns.
/// Keys are the snake_case of the property names (``ReportEncoding``); `docs/result.schema.json` documents every field.
public struct AnalysisReport: Sendable, Encodable {
    public var diagnosis: Diagnosis
    public var score: RiskScore
    public var doctorsNotes: String
    public var signal: SignalSummary
    public var heartRate: HeartRateSummary
    public var hrv: HRVSummary
    public var intervals: IntervalSummary
    public var delineation: Delineation
    public var rhythm: RhythmAssessment
    public var beats: [BeatReport]
    /// Beats per label (every model label present, zero counts included), counting each beat's reported label.
    public var beatCounts: [String: Int]
    /// The lead the model classified and the leads the dominant-beat check compared.
    public var beatReading: BeatReading
    public var quality: SignalQuality
    /// Reader and analysis notes (assumed sample rate, guessed units, edge beats padded, …).
    public var warnings: [String]
    public var model: ModelSummary
    public var timing: Timing
    /// For images only: every digitized lead, the grid, the layout and the analysed lead's confidence.
    public var digitized: DigitizedSummary?
    /// For recordings longer than one hour: hourly table, episodes and whole-recording HRV.
    public var holter: HolterSummary? = nil
    /// Timed notes the file carried (EDF+ annotations), at most ``ReportedAnnotation/maxCount``; empty for formats
    /// without them.
    public var recordingAnnotations: [ReportedAnnotation] = []

    /// UTF-8 JSON in the shared configuration (``ReportEncoding``: snake_case keys, sorted at every level);
    /// `prettyPrinted` indents for people.
    public func jsonData(prettyPrinted: Bool = false) throws -> Data {
        try ReportEncoding.encode(self, prettyPrinted: prettyPrinted)
    }
}

/// One classified beat as reported.
public struct BeatReport: Sendable, Encodable, Equatable {
    /// R-peak index in the input's own sampling.
    public var sample: Int
    /// Seconds from the start of the recording.
    public var timeS: Double
    /// The beat's label: the model's, except a V label on an on-time beat shaped like the recording's normal beats
    /// and an S label inside atrial fibrillation or flutter, which read as normal
    /// (``RhythmAssessment/beatsInRhythmContext(_:normalLabel:)``).
    public var label: String
    /// The model's label where `label` differs from it; absent otherwise.
    public var modelLabel: String?
    /// Model probability of its own label (`model_label` when present, else `label`), 0…1.
    public var probability: Double
    /// P, QRS and T onset/peak/offset of this beat (multi-lead), sample indices in the input's own sampling.
    public var waves: BeatWaves?

    init(_ beat: ClassifiedBeat, waves: BeatWaves? = nil) {
        sample = beat.sample
        timeS = beat.time.rounded(toPlaces: 4)
        label = beat.label
        modelLabel = beat.modelLabel
        probability = Double(beat.probability).rounded(toPlaces: 4)
        self.waves = waves
    }
}

/// What was analysed.
public struct SignalSummary: Sendable, Encodable, Equatable {
    /// "csv", "wfdb", "npy", or for images "png", "jpeg", "bmp" (as the reader reports).
    public var sourceFormat: String
    /// The analysed lead and every lead in the input.
    public var lead: String
    public var leadsAvailable: [String]
    public var sampleRateHz: Double
    /// "file", "time_column", "parameter", "assumed_default" or "image".
    public var sampleRateSource: String
    public var sampleCount: Int
    public var durationS: Double
    /// The model's sampling rate the lead was resampled to, Hz.
    public var analysisSampleRateHz: Double
    /// True when the lead was inverted before analysis (dominant negative QRS deflections).
    public var polarityInverted: Bool
    public var filter: String
}

/// The model that labelled the beats (a short form of `ModelInfo`).
public struct ModelSummary: Sendable, Encodable, Equatable {
    /// Model file name (no directory).
    public var file: String
    public var labels: [String]
    public var windowSamples: Int
    public var rPeakIndex: Int
    public var sampleRateHz: Double
    public var inputs: [String]
    public var parameterCount: Int
    @ExplicitNull public var kerasVersion: String? = nil
    public var fileFlavour: String
    public var engineVersion: String
    /// True when `<model>.preprocessing.json` was found; false when the defaults were used.
    public var preprocessingSidecar: Bool
}

/// Wall-clock time per stage, milliseconds.
public struct Timing: Sendable, Encodable, Equatable {
    public var readMs: Double
    public var preprocessMs: Double
    public var rPeaksMs: Double
    public var modelMs: Double
    public var measurementsMs: Double
    public var totalMs: Double
}
