import Foundation

/// Reads EDF and EDF+ files (continuous `EDF+C` and discontinuous `EDF+D`) into a recording in mV.
///
/// - Leads: the signals with a voltage unit (nV, µV/uV, mV, V), or labelled ECG/EKG when the unit is missing (the unit
///   is then inferred from the amplitudes). Among them, those that share the sample rate of the first ECG-labelled one
///   (else of the first); the others, and non-voltage signals, are left out with a warning naming them.
/// - Values: `physical = (digital − dmin) · (pmax − pmin) / (dmax − dmin) + pmin`, then scaled to mV.
/// - Time: plain EDF and `EDF+C` records are contiguous. In `EDF+D` each record starts where its time-keeping
///   annotation says; gaps between records are held at the last sample, and the result says how long they were.
/// - Annotations (`EDF Annotations` signals): every time-stamped annotation list (TAL:
///   `+onset[\u{15}duration]\u{14}text\u{14}…\u{0}`), relative to the first record's start.
public enum EDFRecordReader {
    /// Annotations kept per file; more are counted and dropped.
    static let maxAnnotations = 100_000

    public static func read(bytes: [UInt8], options: ECGReadOptions = .init()) throws -> ECGRecording {
        try bytes.withUnsafeBytes { try read(raw: $0, options: options) }
    }

    /// Reads an EDF file from `data` without copying it.
    public static func read(data: Data, options: ECGReadOptions = .init()) throws -> ECGRecording {
        try data.withUnsafeBytes { try read(raw: $0, options: options) }
    }

    static func read(raw bytes: UnsafeRawBufferPointer, options: ECGReadOptions) throws -> ECGRecording {
        try options.validate()
        let header = try EDFHeader(bytes: bytes)
        var warnings = header.warnings
        func fail(_ message: String) -> ECGAnalysisError { .invalidInput("EDF: \(message)") }

        let (leads, dropped) = selectLeads(header.signals)
        guard let first = leads.first else {
            let labels = header.signals.filter { !$0.isAnnotations }.map { "'\($0.label)'" }.joined(separator: ", ")
            throw fail("no ECG signal (a voltage unit or an ECG label) among \(labels.isEmpty ? "no signals" : labels)")
        }
        if !dropped.isEmpty { warnings.append("EDF: signals left out: \(dropped.joined(separator: "; "))") }
        guard leads.count <= options.maxLeads else {
            throw fail("\(leads.count) ECG signals (limit \(options.maxLeads))")
        }
        guard header.recordDuration > 0 else { throw fail("the data record duration is 0 s: the file holds no samples") }
        let rate = Double(first.samplesPerRecord) / header.recordDuration
        guard ECGReadOptions.plausibleSampleRates.contains(rate) else {
            throw fail("the sample rate \(rate) Hz is out of range")
        }

        let timing = try recordTiming(header: header, bytes: bytes)
        if timing.annotations.count > maxAnnotations {
            warnings.append("EDF: \(timing.annotations.count - maxAnnotations) annotations beyond the first \(maxAnnotations) were dropped")
        }

        let layout = try recordLayout(header: header, timing: timing, rate: rate, perRecord: first.samplesPerRecord, maxSamples: options.maxSamples)
        let starts = layout.starts, next = layout.sampleCount, perRecord = first.samplesPerRecord
        if let note = layout.gapWarning { warnings.append(note) }

        var out: [ECGLead] = []
        for signal in leads {
            let (unitScale, unit) = millivoltScale(signal.physicalDimension)
            let gain = Float(signal.gain * (unitScale ?? 1)), offset = Float(signal.offset * (unitScale ?? 1))
            var samples = [Float](unsafeUninitializedCapacity: next) { target, initialized in
                var filled = 0
                for r in 0..<header.recordCount {
                    let base = header.headerBytes + r * header.recordBytes + signal.byteOffset
                    let destination = starts[r]
                    // A gap before this record holds the previous record's last value.
                    if destination > filled {
                        (target.baseAddress! + filled).initialize(repeating: target[filled - 1], count: destination - filled)
                    }
                    for i in 0..<perRecord {
                        let digital = Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: base + 2 * i, as: Int16.self))
                        target[destination + i] = Float(digital) * gain + offset
                    }
                    filled = destination + perRecord
                }
                initialized = filled
            }
            let name = signal.label.isEmpty ? "ECG" : signal.label
            if unitScale == nil {
                let (converted, note) = UnitInference.toMillivolts(samples.map(Double.init), declared: nil, leadName: name)
                samples = converted
                if let note { warnings.append(note) }
                if let unit { warnings.append("EDF: '\(name)' has unit '\(unit)', not a voltage") }
            }
            out.append(ECGLead(name: name, samples: samples))
        }

        var recording = ECGRecording(
            leads: out, sampleRate: rate, sampleRateSource: .file, warnings: warnings, sourceFormat: "edf")
        recording.annotations = Array(timing.annotations.prefix(maxAnnotations))
        return recording
    }

    /// Where each data record's first sample goes on one continuous timeline (`starts`, ascending), the samples
    /// per lead, and a note on gaps (EDF+D) when there are any.
    struct RecordLayout {
        var starts: [Int]
        var sampleCount: Int
        var gapWarning: String?
    }

    static func recordLayout(
        header: EDFHeader, timing: RecordTiming, rate: Double, perRecord: Int, maxSamples: Int
    ) throws -> RecordLayout {
        func fail(_ message: String) -> ECGAnalysisError { .invalidInput("EDF: \(message)") }
        var starts = [Int](repeating: 0, count: header.recordCount)
        var gapSamples = 0, gaps = 0
        var next = 0
        for r in 0..<header.recordCount {
            let start: Int
            if let seconds = timing.recordStarts[r] {
                start = Int(((seconds - timing.origin) * rate).rounded())
                guard start >= next - max(1, perRecord / 1000) else {
                    throw fail("data record \(r + 1) starts before the end of the previous one")
                }
            } else {
                start = next
            }
            let begin = max(start, next)
            if begin > next { gaps += 1; gapSamples += begin - next }
            starts[r] = begin
            next = begin + perRecord
            guard next <= maxSamples else {
                throw fail("the recording is longer than \(maxSamples) samples per lead")
            }
        }
        let warning = gaps > 0
            ? String(format: "EDF+D: %d gap%@ between data records (%.1f s in all) held at the last sample: no signal there", gaps, gaps == 1 ? "" : "s", Double(gapSamples) / rate)
            : nil
        return RecordLayout(starts: starts, sampleCount: next, gapWarning: warning)
    }

    /// ECG leads (same rate as the first ECG-labelled voltage signal) and descriptions of the signals left out.
    static func selectLeads(_ signals: [EDFHeader.Signal]) -> (leads: [EDFHeader.Signal], dropped: [String]) {
        func isECGLabel(_ label: String) -> Bool {
            let upper = label.uppercased()
            return upper.contains("ECG") || upper.contains("EKG")
        }
        var candidates: [EDFHeader.Signal] = []
        var dropped: [String] = []
        for signal in signals where !signal.isAnnotations {
            if millivoltScale(signal.physicalDimension).scale != nil
                || (isECGLabel(signal.label) && signal.physicalDimension.isEmpty) {
                candidates.append(signal)
            } else {
                dropped.append("'\(signal.label)' (unit '\(signal.physicalDimension)')")
            }
        }
        guard let reference = candidates.first(where: { isECGLabel($0.label) }) ?? candidates.first else {
            return ([], dropped)
        }
        var leads: [EDFHeader.Signal] = []
        for signal in candidates {
            if signal.samplesPerRecord == reference.samplesPerRecord {
                leads.append(signal)
            } else {
                dropped.append("'\(signal.label)' (another sample rate)")
            }
        }
        return (leads, dropped)
    }

    /// mV per unit of `dimension` when it names a voltage; otherwise nil and the dimension (nil when empty).
    static func millivoltScale(_ dimension: String) -> (scale: Double?, unit: String?) {
        switch dimension.lowercased() {
        case "nv": (1e-6, nil)
        case "uv", "µv", "μv": (1e-3, nil)
        case "mv": (1, nil)
        case "v": (1e3, nil)
        case "": (nil, nil)
        default: (nil, dimension)
        }
    }

    /// Record start times from the time-keeping annotations (nil per record for plain EDF and `EDF+C` without
    /// them), their origin, and every other annotation relative to that origin.
    struct RecordTiming {
        var recordStarts: [Double?]
        var origin: Double
        var annotations: [RecordingAnnotation]
    }

    static func recordTiming(header: EDFHeader, bytes: UnsafeRawBufferPointer) throws -> RecordTiming {
        let annotationSignals = header.signals.filter(\.isAnnotations)
        var starts = [Double?](repeating: nil, count: header.recordCount)
        var annotations: [RecordingAnnotation] = []
        if header.variant == .edf || annotationSignals.isEmpty {
            if header.variant == .edfPlusDiscontinuous {
                throw ECGAnalysisError.invalidInput("EDF: an EDF+D file without an 'EDF Annotations' signal has no record times")
            }
            return RecordTiming(recordStarts: starts, origin: 0, annotations: [])
        }
        for r in 0..<header.recordCount {
            for (index, signal) in annotationSignals.enumerated() {
                let base = header.headerBytes + r * header.recordBytes + signal.byteOffset
                let lists = try EDFAnnotationList.parse(
                    UnsafeRawBufferPointer(rebasing: bytes[base..<base + 2 * signal.samplesPerRecord]), record: r + 1)
                for (position, list) in lists.enumerated() {
                    if index == 0, position == 0 {
                        // The record's time-keeping list: its onset is the record's start.
                        starts[r] = list.onset
                        annotations += list.texts.dropFirst().map { RecordingAnnotation(onset: list.onset, duration: list.duration, text: $0) }
                    } else if annotations.count <= maxAnnotations {
                        annotations += list.texts.map { RecordingAnnotation(onset: list.onset, duration: list.duration, text: $0) }
                    }
                }
            }
            if header.variant == .edfPlusDiscontinuous, starts[r] == nil {
                throw ECGAnalysisError.invalidInput("EDF: data record \(r + 1) of an EDF+D file has no time-keeping annotation")
            }
        }
        let origin = starts.first.flatMap { $0 } ?? 0
        if header.variant == .edfPlusContinuous {
            // Continuous: the records are contiguous whatever the time-keeping says.
            starts = starts.map { _ in nil }
        }
        annotations = annotations.map { RecordingAnnotation(onset: $0.onset - origin, duration: $0.duration, text: $0.text) }
        return RecordTiming(recordStarts: starts, origin: origin, annotations: annotations)
    }
}
