import Foundation

/// Reads single-segment WFDB records (`NAME.hea` + data files) into physical units (mV).
///
/// Storage formats: 16 (int16 LE), 61 (int16 BE), 80 (8-bit offset binary), 160 (16-bit offset binary),
/// 212 (two 12-bit samples in 3 bytes), 311 (three 10-bit samples in a 32-bit word). Each signal becomes
/// `(adc - baseline) / gain`, converted to mV from the header's units. Invalid-sample markers (the format's most
/// negative value) are replaced by the previous valid sample.
enum WFDBRecordReader {
    static let supportedFormats: Set<Int> = [16, 61, 80, 160, 212, 311]

    /// Reads the record whose header is at `headerPath`; data files are looked up next to it.
    static func read(headerPath: String, options: ECGReadOptions) throws -> ECGRecording {
        let headerURL = URL(fileURLWithPath: headerPath)
        let headerBytes = try readFile(headerURL, limit: WFDBHeader.maxHeaderBytes + 1, what: "WFDB header")
        let folder = headerURL.deletingLastPathComponent()
        return try read(headerBytes: headerBytes, options: options) { fileName, limit in
            try readFile(folder.appendingPathComponent(fileName), limit: limit, what: "WFDB data file '\(fileName)'")
        }
    }

    /// Decodes a record from its header's bytes; `loadFile(name, byteLimit)` returns a data file's first bytes.
    static func read(
        headerBytes: Data, options: ECGReadOptions, loadFile: (String, Int) throws -> Data
    ) throws -> ECGRecording {
        guard headerBytes.count <= WFDBHeader.maxHeaderBytes else {
            throw ECGAnalysisError.invalidInput("the WFDB header is larger than \(WFDBHeader.maxHeaderBytes) bytes")
        }
        guard let text = String(data: headerBytes, encoding: .utf8) ?? String(data: headerBytes, encoding: .isoLatin1)
        else { throw ECGAnalysisError.invalidInput("the WFDB header is not text") }
        let header = try WFDBHeader(text: text, maxLeads: options.maxLeads)
        return try read(header: header, options: options, loadFile: loadFile)
    }

    /// Decodes a record from its parsed header; `loadFile(name, byteLimit)` returns a data file's first bytes.
    static func read(
        header: WFDBHeader, options: ECGReadOptions, loadFile: (String, Int) throws -> Data
    ) throws -> ECGRecording {
        var warnings: [String] = []
        if let count = header.sampleCount, count > options.maxSamples {
            throw ECGAnalysisError.invalidInput(
                "the WFDB record has \(count) samples per signal (limit \(options.maxSamples))")
        }
        // Signals stored in the same file are interleaved frame by frame, in header order.
        var fileOrder: [String] = []
        var signalsByFile: [String: [Int]] = [:]
        for (index, signal) in header.signals.enumerated() {
            guard supportedFormats.contains(signal.format) else {
                throw ECGAnalysisError.unsupportedFormat(
                    "WFDB format \(signal.format) is not supported (supported: 16, 61, 80, 160, 212, 311)")
            }
            if signalsByFile[signal.fileName] == nil { fileOrder.append(signal.fileName) }
            signalsByFile[signal.fileName, default: []].append(index)
        }

        var raw = [[Int32]](repeating: [], count: header.signals.count)
        var decodedCount: Int?
        for fileName in fileOrder {
            let members = signalsByFile[fileName] ?? []
            let first = header.signals[members[0]]
            guard members.allSatisfy({ header.signals[$0].format == first.format }) else {
                throw ECGAnalysisError.invalidInput("signals sharing WFDB file '\(fileName)' use different formats")
            }
            let wantedSamples = min(header.sampleCount ?? options.maxSamples + 1, options.maxSamples + 1)
            let limit = first.byteOffset + bytesNeeded(format: first.format, samples: wantedSamples * members.count)
            let bytes = try loadFile(fileName, limit)
            guard bytes.count >= first.byteOffset else {
                throw ECGAnalysisError.invalidInput("WFDB data file '\(fileName)' is shorter than its byte offset")
            }
            let interleaved = decode(bytes.dropFirst(first.byteOffset), format: first.format)
            let frames = interleaved.count / members.count
            guard frames <= options.maxSamples else {
                throw ECGAnalysisError.invalidInput(
                    "the WFDB record has more than \(options.maxSamples) samples per signal")
            }
            for (slot, signalIndex) in members.enumerated() {
                var column = [Int32](repeating: 0, count: frames)
                for frame in 0..<frames { column[frame] = interleaved[frame * members.count + slot] }
                raw[signalIndex] = column
            }
            decodedCount = min(decodedCount ?? frames, frames)
        }
        var length = decodedCount ?? 0
        if let stated = header.sampleCount, stated > 0 {
            if length < stated {
                warnings.append("the WFDB data holds \(length) of the \(stated) samples its header announces")
            } else {
                length = stated
            }
        }
        guard length > 0 else { throw ECGAnalysisError.invalidInput("the WFDB record holds no samples") }

        var leads: [ECGLead] = []
        var invalidTotal = 0
        for (index, signal) in header.signals.enumerated() {
            let (samples, invalid) = physical(raw[index].prefix(length), signal: signal)
            invalidTotal += invalid
            leads.append(ECGLead(name: signal.description, samples: samples))
        }
        if invalidTotal > 0 {
            warnings.append("\(invalidTotal) invalid WFDB samples were replaced by the previous valid sample")
        }
        let (sampleRate, source, note) = self.sampleRate(header: header, options: options)
        if let note { warnings.append(note) }
        return ECGRecording(
            leads: leads, sampleRate: sampleRate, sampleRateSource: source, warnings: warnings, sourceFormat: "wfdb")
    }

    /// The record's sampling frequency and where it comes from: the header, else `options.sampleRate`, else the WFDB
    /// default (with the warning that says so).
    static func sampleRate(header: WFDBHeader, options: ECGReadOptions) -> (Double, SampleRateSource, String?) {
        if header.sampleRateStated { return (header.sampleRate, .file, nil) }
        if let given = options.sampleRate { return (given, .parameter, nil) }
        return (header.sampleRate, .assumedDefault,
                "the WFDB header gives no sampling frequency; assumed the WFDB default of 250 Hz")
    }

    /// Bytes holding `samples` samples (rounded up to whole packing groups).
    static func bytesNeeded(format: Int, samples: Int) -> Int {
        switch format {
        case 80: samples
        case 212: (samples + 1) / 2 * 3
        case 311: (samples + 2) / 3 * 4
        default: samples * 2
        }
    }

    /// The most negative value of a format marks an invalid sample.
    static func invalidMarker(format: Int) -> Int32 {
        switch format {
        case 80: -128
        case 212: -2048
        case 311: -512
        default: -32768
        }
    }

    /// Decodes the flattened sample stream of one data file; a trailing partial group is dropped.
    static func decode(_ bytes: Data, format: Int) -> [Int32] {
        let byteArray = [UInt8](bytes)
        let n = byteArray.count
        var out: [Int32] = []
        switch format {
        case 16, 61, 160:
            out.reserveCapacity(n / 2)
            var i = 0
            while i + 1 < n {
                let lo = UInt16(byteArray[format == 61 ? i + 1 : i])
                let hi = UInt16(byteArray[format == 61 ? i : i + 1])
                let word = lo | (hi << 8)
                out.append(format == 160 ? Int32(word) - 32768 : Int32(Int16(bitPattern: word)))
                i += 2
            }
        case 80:
            out.reserveCapacity(n)
            for byte in byteArray { out.append(Int32(byte) - 128) }
        case 212:
            out.reserveCapacity(n / 3 * 2)
            var i = 0
            while i + 2 < n {
                let b0 = Int32(byteArray[i]), b1 = Int32(byteArray[i + 1]), b2 = Int32(byteArray[i + 2])
                out.append(signExtend(b0 | ((b1 & 0x0F) << 8), bits: 12))
                out.append(signExtend(b2 | ((b1 & 0xF0) << 4), bits: 12))
                i += 3
            }
        case 311:
            out.reserveCapacity(n / 4 * 3)
            var i = 0
            while i + 3 < n {
                let word = UInt32(byteArray[i]) | UInt32(byteArray[i + 1]) << 8
                    | UInt32(byteArray[i + 2]) << 16 | UInt32(byteArray[i + 3]) << 24
                out.append(signExtend(Int32(word & 0x3FF), bits: 10))
                out.append(signExtend(Int32((word >> 10) & 0x3FF), bits: 10))
                out.append(signExtend(Int32((word >> 20) & 0x3FF), bits: 10))
                i += 4
            }
        default:
            break
        }
        return out
    }

    private static func signExtend(_ value: Int32, bits: Int32) -> Int32 {
        let shift = 32 - bits
        return (value << shift) >> shift
    }

    /// ADC values → mV, holding the previous value (`held` before the first valid one) over invalid-sample markers.
    /// Returns the count replaced.
    static func physical(_ adc: ArraySlice<Int32>, signal: WFDBHeader.Signal, held: Float = 0) -> ([Float], Int) {
        let marker = invalidMarker(format: signal.format)
        let unitScale: Double = switch signal.units.lowercased() {
        case "uv", "µv", "μv": 0.001
        case "v": 1000
        default: 1
        }
        let scale = unitScale / signal.gain
        let baseline = Double(signal.baseline)
        var out = [Float](repeating: 0, count: adc.count)
        var previous = held
        var invalid = 0
        for (offset, value) in adc.enumerated() {
            if value == marker {
                invalid += 1
                out[offset] = previous
            } else {
                previous = Float((Double(value) - baseline) * scale)
                out[offset] = previous
            }
        }
        return (out, invalid)
    }

    /// Reads at most `limit` bytes of a file, with a typed error when it is missing.
    static func readFile(_ url: URL, limit: Int, what: String) throws -> Data {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ECGAnalysisError.invalidInput("\(what) cannot be opened")
        }
        defer { try? handle.close() }
        do {
            return try handle.read(upToCount: max(limit, 0)) ?? Data()
        } catch {
            throw ECGAnalysisError.invalidInput("\(what) cannot be read")
        }
    }
}
