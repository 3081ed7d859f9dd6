import Foundation

/// A WFDB record read range by range from a memory map, for recordings too long to hold in memory.
///
/// Covers the common layout of long records: one segment, every signal interleaved frame by frame in one data file
/// in one format, the sample count and sampling frequency stated in the header. Samples, scaling and warnings are
/// those of ``WFDBRecordReader``: flattened sample `k = frame · signals + slot` is decoded from the packing group it
/// lies in (one sample for formats 16/61/160/80, two samples in 3 bytes for 212, three in 4 bytes for 311), then
/// `mV = (adc − baseline) / gain` in the signal's units. An invalid-sample marker holds the previous valid value;
/// for the first samples of a range that value is looked for up to ``heldLookBackFrames`` frames back (0 mV past
/// that, where the whole-file reader would hold a value from before a longer invalid stretch). Other records
/// (several data files, multi-segment, no stated length) are read whole: ``open(headerPath:options:)`` returns nil.
final class WFDBRecordingSource: RecordingSource {
    let leadNames: [String]
    let sampleRate: Double
    let sampleRateSource: SampleRateSource
    let sampleCount: Int
    let warnings: [String]
    var annotations: [RecordingAnnotation] { [] }
    var sourceFormat: String { "wfdb" }

    /// How far back (frames) the first samples of a range look for the valid value an invalid marker holds.
    static let heldLookBackFrames = 1 << 16

    private let file: MappedFile
    private let signals: [WFDBHeader.Signal]
    private let format: Int
    private let byteOffset: Int
    /// Samples per packing group and the group's bytes.
    private let group: (samples: Int, bytes: Int)

    /// The record as a range-readable source, or nil when its layout needs the whole-file reader. Throws the errors
    /// of ``WFDBRecordReader`` for headers it would refuse.
    static func open(headerPath: String, options: ECGReadOptions = .init()) throws -> WFDBRecordingSource? {
        let headerURL = URL(fileURLWithPath: headerPath)
        let headerBytes = try WFDBRecordReader.readFile(
            headerURL, limit: WFDBHeader.maxHeaderBytes + 1, what: "WFDB header")
        guard headerBytes.count <= WFDBHeader.maxHeaderBytes,
              let text = String(data: headerBytes, encoding: .utf8) ?? String(data: headerBytes, encoding: .isoLatin1)
        else { return nil }
        let header = try WFDBHeader(text: text, maxLeads: options.maxLeads)
        guard let first = header.signals.first, let count = header.sampleCount, count > 0,
              header.signals.allSatisfy({
                  $0.fileName == first.fileName && $0.format == first.format && $0.byteOffset == first.byteOffset
              }),
              WFDBRecordReader.supportedFormats.contains(first.format),
              !first.fileName.contains("/"), first.fileName != "-"
        else { return nil }
        let (rate, rateSource, note) = WFDBRecordReader.sampleRate(header: header, options: options)
        let warnings = note.map { [$0] } ?? []
        let file = try MappedFile(path: headerURL.deletingLastPathComponent().appendingPathComponent(first.fileName).path)
        let needed = first.byteOffset
            + WFDBRecordReader.bytesNeeded(format: first.format, samples: count * header.signals.count)
        // A short data file: the whole-file reader reads what there is and says so.
        guard file.bytes.count >= needed else { return nil }
        return WFDBRecordingSource(
            file: file, signals: header.signals, rate: rate, rateSource: rateSource, count: count, warnings: warnings)
    }

    private init(
        file: MappedFile, signals: [WFDBHeader.Signal], rate: Double, rateSource: SampleRateSource, count: Int,
        warnings: [String]
    ) {
        self.file = file
        self.signals = signals
        self.sampleRate = rate
        self.sampleRateSource = rateSource
        self.sampleCount = count
        self.warnings = warnings
        format = signals[0].format
        byteOffset = signals[0].byteOffset
        group = switch format {
        case 80: (1, 1)
        case 212: (2, 3)
        case 311: (3, 4)
        default: (1, 2)
        }
        leadNames = signals.map(\.description)
    }

    func samples(lead: Int, range: Range<Int>) throws -> [Float] {
        precondition(range.lowerBound >= 0 && range.upperBound <= sampleCount, "range inside the recording")
        guard !range.isEmpty else { return [] }
        let values = adc(lead: lead, frames: range)
        var held: Float = 0
        if range.lowerBound > 0, values[0] == marker {
            // The valid value an invalid marker at the range's start holds: the last one before it.
            let back = max(0, range.lowerBound - Self.heldLookBackFrames)
            let before = adc(lead: lead, frames: back..<range.lowerBound)
            if let last = before.lastIndex(where: { $0 != marker }) {
                held = WFDBRecordReader.physical(before[last...last], signal: signals[lead]).0[0]
            }
        }
        return WFDBRecordReader.physical(values[...], signal: signals[lead], held: held).0
    }

    func release(before sample: Int) {
        let flat = max(0, sample) * signals.count
        file.drop(0..<(byteOffset + flat / group.samples * group.bytes))
    }

    /// ADC values of signal `lead` for `frames`.
    private func adc(lead: Int, frames: Range<Int>) -> [Int32] {
        let n = signals.count
        let firstFlat = frames.lowerBound * n / group.samples * group.samples
        let endFlat = (frames.upperBound * n + group.samples - 1) / group.samples * group.samples
        let lower = byteOffset + firstFlat / group.samples * group.bytes
        let upper = min(file.bytes.count, byteOffset + endFlat / group.samples * group.bytes)
        let decoded = WFDBRecordReader.decode(Data(file.bytes[lower..<upper]), format: format)
        return frames.map { frame in
            let k = frame * n + lead - firstFlat
            return k < decoded.count ? decoded[k] : marker
        }
    }

    private var marker: Int32 { WFDBRecordReader.invalidMarker(format: format) }
}
