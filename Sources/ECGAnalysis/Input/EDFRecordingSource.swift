/// An EDF / EDF+ file read range by range from a memory map, for recordings too long to hold in memory.
///
/// Leads, scaling, record timing (EDF+D gaps held at the last sample) and annotations are exactly those of
/// ``EDFRecordReader``; a range of lead `l` is decoded from the data records it overlaps,
/// `physical = digital · gain + offset` scaled to mV. Leads without a voltage unit need the whole lead to infer their
/// unit, so such files are not opened here (``open(path:)`` returns nil) and are read whole instead.
final class EDFRecordingSource: RecordingSource {
    let leadNames: [String]
    let sampleRate: Double
    let sampleCount: Int
    let warnings: [String]
    let annotations: [RecordingAnnotation]
    var sampleRateSource: SampleRateSource { .file }
    var sourceFormat: String { "edf" }

    private let file: MappedFile
    private let header: EDFHeader
    private let signals: [EDFHeader.Signal]
    private let scales: [(gain: Float, offset: Float)]
    private let starts: [Int]
    private let perRecord: Int

    /// The file as a range-readable source, or nil when a lead's unit must be inferred from its amplitudes.
    /// Throws the errors of ``EDFRecordReader`` for files it would refuse.
    static func open(path: String, maxLeads: Int = ECGReadOptions().maxLeads) throws -> EDFRecordingSource? {
        let file = try MappedFile(path: path)
        let header = try EDFHeader(bytes: file.bytes)
        var warnings = header.warnings
        let (leads, dropped) = EDFRecordReader.selectLeads(header.signals)
        guard let first = leads.first else {
            // Let the whole-file reader produce its error.
            return nil
        }
        guard leads.allSatisfy({ EDFRecordReader.millivoltScale($0.physicalDimension).scale != nil }) else { return nil }
        if !dropped.isEmpty { warnings.append("EDF: signals left out: \(dropped.joined(separator: "; "))") }
        guard leads.count <= maxLeads else {
            throw ECGAnalysisError.invalidInput("EDF: \(leads.count) ECG signals (limit \(maxLeads))")
        }
        guard header.recordDuration > 0 else {
            throw ECGAnalysisError.invalidInput("EDF: the data record duration is 0 s: the file holds no samples")
        }
        let rate = Double(first.samplesPerRecord) / header.recordDuration
        guard ECGReadOptions.plausibleSampleRates.contains(rate) else {
            throw ECGAnalysisError.invalidInput("EDF: the sample rate \(rate) Hz is out of range")
        }
        let timing = try EDFRecordReader.recordTiming(header: header, bytes: file.bytes)
        if timing.annotations.count > EDFRecordReader.maxAnnotations {
            warnings.append("EDF: \(timing.annotations.count - EDFRecordReader.maxAnnotations) annotations beyond the first \(EDFRecordReader.maxAnnotations) were dropped")
        }
        // The timing scan touched every record; hand those pages back.
        file.drop(0..<file.bytes.count)
        let layout = try EDFRecordReader.recordLayout(
            header: header, timing: timing, rate: rate, perRecord: first.samplesPerRecord, maxSamples: Int.max)
        if let note = layout.gapWarning { warnings.append(note) }
        return EDFRecordingSource(
            file: file, header: header, signals: leads, rate: rate, layout: layout, warnings: warnings,
            annotations: Array(timing.annotations.prefix(EDFRecordReader.maxAnnotations)))
    }

    private init(
        file: MappedFile, header: EDFHeader, signals: [EDFHeader.Signal], rate: Double,
        layout: EDFRecordReader.RecordLayout, warnings: [String], annotations: [RecordingAnnotation]
    ) {
        self.file = file
        self.header = header
        self.signals = signals
        self.sampleRate = rate
        self.starts = layout.starts
        self.sampleCount = layout.sampleCount
        self.perRecord = signals[0].samplesPerRecord
        self.warnings = warnings
        self.annotations = annotations
        leadNames = signals.map { $0.label.isEmpty ? "ECG" : $0.label }
        scales = signals.map { signal in
            let unit = EDFRecordReader.millivoltScale(signal.physicalDimension).scale ?? 1
            return (Float(signal.gain * unit), Float(signal.offset * unit))
        }
    }

    func samples(lead: Int, range: Range<Int>) throws -> [Float] {
        precondition(range.lowerBound >= 0 && range.upperBound <= sampleCount, "range inside the recording")
        guard !range.isEmpty else { return [] }
        let signal = signals[lead]
        let (gain, offset) = scales[lead]
        let bytes = file.bytes
        func value(record r: Int, sample i: Int) -> Float {
            let at = header.headerBytes + r * header.recordBytes + signal.byteOffset + 2 * i
            return Float(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int16.self))) * gain + offset
        }
        // First record that ends after the range starts.
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] + perRecord <= range.lowerBound { low = mid + 1 } else { high = mid }
        }
        return [Float](unsafeUninitializedCapacity: range.count) { out, initialized in
            var cursor = range.lowerBound
            var r = low
            while cursor < range.upperBound, r < starts.count {
                let start = starts[r]
                if start > cursor {
                    // A gap before this record holds the previous record's last value.
                    let held = value(record: r - 1, sample: perRecord - 1)
                    let end = min(start, range.upperBound)
                    for g in cursor..<end { out[g - range.lowerBound] = held }
                    cursor = end
                    if cursor >= range.upperBound { break }
                }
                let end = min(range.upperBound, start + perRecord)
                for g in cursor..<end { out[g - range.lowerBound] = value(record: r, sample: g - start) }
                cursor = end
                r += 1
            }
            initialized = range.count
        }
    }

    func release(before sample: Int) {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] + perRecord <= sample { low = mid + 1 } else { high = mid }
        }
        file.drop(0..<(header.headerBytes + low * header.recordBytes))
    }
}
