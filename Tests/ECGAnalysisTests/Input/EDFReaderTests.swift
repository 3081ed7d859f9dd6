import Foundation
import HDF5Reader
import Testing
@testable import ECGAnalysis

@Suite("EDF and EDF+ input")
struct EDFReaderTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/edf")

    /// What pyedflib (EDFlib) reads back from a fixture: [samples, leads] in mV.
    private func expected(_ name: String) throws -> [[Float]] {
        let array = try NPYArray(data: Data(contentsOf: Self.folder.appendingPathComponent(name)))
        guard case .float32(let values) = array.values, array.shape.count == 2 else {
            Issue.record("unexpected NPY layout \(array.shape)")
            return []
        }
        let (rows, columns) = (array.shape[0], array.shape[1])
        return (0..<columns).map { c in (0..<rows).map { values[$0 * columns + c] } }
    }

    @Test("EDF+C written by EDFlib: samples, rate, names and annotations as pyedflib reads them")
    func edfPlusFromEDFlib() throws {
        let recording = try ECGFileReader.read(path: Self.folder.appendingPathComponent("mitdb100_edfplus.edf").path)
        #expect(recording.sourceFormat == "edf")
        #expect(recording.sampleRate == 360)
        #expect(recording.sampleRateSource == .file)
        #expect(recording.leads.map(\.name) == ["MLII", "V5"])
        let reference = try expected("mitdb100_edfplus.expected.npy")
        for (lead, truth) in zip(recording.leads, reference) {
            #expect(lead.samples.count == truth.count)
            let worst = zip(lead.samples, truth).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "lead \(lead.name): worst difference \(worst) mV")
        }
        // The same excerpt read from WFDB agrees within the EDF quantisation (range / 65535).
        let wfdb = try ECGFileReader.read(path: SignalFixtures.path("mitdb100_212.hea"))
        let mlii = try wfdb.lead(named: "MLII").samples
        let edf = try recording.lead(named: nil).samples
        let n = min(mlii.count, edf.count)
        #expect(n == 3600)
        #expect(zip(mlii.prefix(n), edf.prefix(n)).map { abs($0 - $1) }.max()! < 1e-3)

        struct Note: Decodable { var onset: Double; var text: String }
        let notes = try JSONDecoder().decode(
            [Note].self, from: Data(contentsOf: Self.folder.appendingPathComponent("mitdb100_edfplus.annotations.json")))
        #expect(recording.annotations.map(\.text) == notes.map(\.text))
        for (ours, theirs) in zip(recording.annotations, notes) { #expect(abs(ours.onset - theirs.onset) < 1e-6) }
        // …and they are the reference annotations of the excerpt, as wfdb reads them from the .atr file.
        let beats = try SignalFixtures.excerpt().annotations
        #expect(recording.annotations.map(\.text) == beats.map(\.symbol))
        for (ours, beat) in zip(recording.annotations, beats) { #expect(abs(ours.onset - Double(beat.sample) / 360) < 1e-4) }
    }

    @Test("plain EDF in µV: converted to mV; a 1-Hz non-voltage channel is left out with a warning")
    func plainEDFMicrovolts() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("mitdb100_plain.edf"))
        // By content alone (no .edf name), as an upload would arrive.
        let recording = try ECGFileReader.read(data: data, fileName: "upload", options: .init())
        #expect(recording.leads.map(\.name) == ["MLII", "V5"])
        #expect(recording.annotations.isEmpty)
        #expect(recording.warnings.contains { $0.contains("'Resp'") })
        let reference = try expected("mitdb100_plain.expected.npy")
        for (lead, truth) in zip(recording.leads, reference) {
            let worst = zip(lead.samples, truth).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-5, "lead \(lead.name): worst difference \(worst) mV")
        }
    }

    @Test("EDF+D: records placed at their time-keeping onsets, the gap held and reported")
    func discontinuous() throws {
        var file = EDFBuilder(variant: "EDF+D", recordDuration: 1)
        file.signals = [.init(label: "ECG II", dimension: "mV", samplesPerRecord: 4, physical: (-1, 1))]
        file.annotationBytes = 60
        file.records = [
            .init(onset: 0, samples: [[0, 100, 200, 300]], notes: ["+0.5\u{14}Start\u{14}"]),
            .init(onset: 1, samples: [[400, 500, 600, 700]]),
            .init(onset: 3.5, samples: [[800, 900, 1000, 1100]], notes: ["+3.75\u{15}2\u{14}Event\u{14}"]),
        ]
        let recording = try EDFRecordReader.read(bytes: file.bytes())
        let lead = recording.leads[0]
        #expect(lead.name == "ECG II")
        #expect(recording.sampleRate == 4)
        #expect(lead.samples.count == 4 + 4 + 6 + 4)
        let gain = 2.0 / 65535
        func mv(_ digital: Double) -> Float { Float((digital + 32768) * gain - 1) }
        #expect(abs(lead.samples[7] - mv(700)) < 1e-6)
        #expect(lead.samples[8...13].allSatisfy { abs($0 - mv(700)) < 1e-6 })   // the 1.5-s gap, held
        #expect(abs(lead.samples[14] - mv(800)) < 1e-6)
        #expect(recording.warnings.contains { $0.contains("1 gap") && $0.contains("1.5 s") })
        #expect(recording.annotations == [
            RecordingAnnotation(onset: 0.5, text: "Start"),
            RecordingAnnotation(onset: 3.75, duration: 2, text: "Event"),
        ])
    }

    @Test("damaged headers and data are refused with a one-line reason", arguments: [
        ("version", "version 'X' is not 0"),
        ("truncated", "truncated"),
        ("headerSize", "does not match"),
        ("digitalRange", "digital range"),
        ("noECG", "no ECG signal"),
        ("badTAL", "annotation"),
        ("backwards", "starts before"),
    ])
    func refusals(_ damage: String, _ phrase: String) throws {
        var file = EDFBuilder(variant: damage == "badTAL" || damage == "backwards" ? "EDF+D" : "", recordDuration: 1)
        file.signals = [.init(label: "ECG", dimension: "uV", samplesPerRecord: 8, physical: (-3000, 3000))]
        file.records = (0..<3).map { .init(onset: Double($0), samples: [Array(repeating: 0, count: 8)]) }
        if file.variant == "EDF+D" { file.annotationBytes = 40 }
        switch damage {
        case "version": file.version = "X"
        case "headerSize": file.headerSizeOverride = 999
        case "digitalRange": file.signals[0].digital = (100, 100)
        case "noECG": file.signals[0].dimension = "degC"; file.signals[0].label = "Temp"
        case "badTAL": file.records[1].rawAnnotation = Array("+x\u{14}\u{14}\u{0}".utf8)
        case "backwards": file.records[2].onset = 0.5
        default: break
        }
        var bytes = file.bytes()
        if damage == "truncated" { bytes.removeLast(5) }
        #expect {
            try EDFRecordReader.read(bytes: bytes)
        } throws: { error in
            guard case .invalidInput(let message) = error as? ECGAnalysisError else { return false }
            return message.contains(phrase) && !message.contains("\n")
        }
    }

    @Test("every truncation of a real file is refused with a typed error, never a crash")
    func everyTruncation() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("mitdb100_edfplus.edf")))
        for length in stride(from: 0, to: bytes.count, by: 37) {
            do {
                _ = try EDFRecordReader.read(bytes: Array(bytes.prefix(length)))
                Issue.record("a file cut at \(length) of \(bytes.count) bytes was accepted")
            } catch let error as ECGAnalysisError {
                #expect(!error.message.isEmpty)
            }
        }
    }

    @Test("a header announcing huge records or absurd counts is refused before any allocation")
    func absurdHeader() throws {
        var file = EDFBuilder(variant: "", recordDuration: 1)
        file.signals = [.init(label: "ECG", dimension: "mV", samplesPerRecord: 8, physical: (-5, 5))]
        file.records = [.init(onset: 0, samples: [Array(repeating: 0, count: 8)])]
        file.samplesOverride = "99999999"
        #expect(throws: ECGAnalysisError.self) { try EDFRecordReader.read(bytes: file.bytes()) }
        file.samplesOverride = nil
        file.recordCountOverride = "2000000000"
        #expect(throws: ECGAnalysisError.self) { try EDFRecordReader.read(bytes: file.bytes()) }
    }
}

/// Writes small EDF / EDF+ files field by field, for the reader's tests.
struct EDFBuilder {
    struct Signal {
        var label: String
        var dimension: String
        var samplesPerRecord: Int
        var physical: (Double, Double)
        var digital: (Int, Int) = (-32768, 32767)
    }
    struct Record {
        var onset: Double
        /// Digital samples per signal.
        var samples: [[Int16]]
        /// Extra TALs after the time-keeping one, each without its final NUL.
        var notes: [String] = []
        /// Replaces the whole annotation field when set.
        var rawAnnotation: [UInt8]?
    }

    var variant: String
    var recordDuration: Double
    var version = "0"
    var signals: [Signal] = []
    var records: [Record] = []
    /// Bytes of the `EDF Annotations` signal per record (0: none).
    var annotationBytes = 0
    var headerSizeOverride: Int?
    var samplesOverride: String?
    var recordCountOverride: String?

    private func field(_ text: String, _ width: Int) -> [UInt8] {
        Array((text + String(repeating: " ", count: max(0, width - text.count))).utf8.prefix(width))
    }

    func bytes() -> [UInt8] {
        var labels = signals.map(\.label), dimensions = signals.map(\.dimension)
        var physicalMin = signals.map { "\($0.physical.0)" }, physicalMax = signals.map { "\($0.physical.1)" }
        var digitalMin = signals.map { "\($0.digital.0)" }, digitalMax = signals.map { "\($0.digital.1)" }
        var counts = signals.map { samplesOverride ?? "\($0.samplesPerRecord)" }
        if annotationBytes > 0 {
            labels.append("EDF Annotations"); dimensions.append("")
            physicalMin.append("-1"); physicalMax.append("1"); digitalMin.append("-32768"); digitalMax.append("32767")
            counts.append("\(annotationBytes / 2)")
        }
        let n = labels.count
        var out: [UInt8] = []
        out += field(version, 8) + field("X X X X", 80) + field("Startdate 01-JAN-2000 X X X", 80)
        out += field("01.01.00", 8) + field("00.00.00", 8) + field("\(headerSizeOverride ?? 256 * (n + 1))", 8)
        out += field(variant, 44) + field(recordCountOverride ?? "\(records.count)", 8)
        out += field("\(recordDuration)", 8) + field("\(n)", 4)
        for label in labels { out += field(label, 16) }
        for _ in 0..<n { out += field("", 80) }
        for d in dimensions { out += field(d, 8) }
        for v in physicalMin { out += field(v, 8) }
        for v in physicalMax { out += field(v, 8) }
        for v in digitalMin { out += field(v, 8) }
        for v in digitalMax { out += field(v, 8) }
        for _ in 0..<n { out += field("", 80) }
        for c in counts { out += field(c, 8) }
        for _ in 0..<n { out += field("", 32) }
        for record in records {
            for samples in record.samples {
                for s in samples { out += [UInt8(truncatingIfNeeded: s), UInt8(truncatingIfNeeded: s >> 8)] }
            }
            if annotationBytes > 0 {
                var tal = record.rawAnnotation ?? Array("+\(record.onset)\u{14}\u{14}\u{0}".utf8)
                if record.rawAnnotation == nil { for note in record.notes { tal += Array(note.utf8) + [0] } }
                out += tal + Array(repeating: 0, count: max(0, annotationBytes - tal.count))
            }
        }
        return out
    }
}
