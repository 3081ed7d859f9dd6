import Foundation
import Testing
@testable import ECGAnalysis

@Suite("WFDB input")
struct WFDBReaderTests {
    @Test(arguments: ["mitdb100_212.hea", "mitdb100_16.hea", "mitdb100_212.dat"])
    func readsTheMITBIHExcerpt(file: String) throws {
        let expected = try SignalFixtures.excerpt()
        let recording = try ECGFileReader.read(path: SignalFixtures.path(file))
        #expect(recording.sourceFormat == "wfdb")
        #expect(recording.sampleRate == expected.sampleRate)
        #expect(recording.sampleRateSource == .file)
        #expect(recording.leads.map(\.name) == expected.signalNames)
        #expect(recording.sampleCount == expected.samples)
        #expect(recording.warnings.isEmpty)
        for (lead, values) in zip(recording.leads, expected.probeValuesMv) {
            for (index, value) in zip(expected.probeIndices, values) {
                #expect(abs(Double(lead.samples[index]) - value) < 1e-6)
            }
        }
    }

    @Test func formats212And16DecodeToTheSameSamples() throws {
        let a = try ECGFileReader.read(path: SignalFixtures.path("mitdb100_212.hea"))
        let b = try ECGFileReader.read(path: SignalFixtures.path("mitdb100_16.hea"))
        #expect(a.leads == b.leads)
    }

    @Test func headerWithCRLFCommentsAndDefaults() throws {
        let text = "# exported\r\nrec 2 500/1000 1000\r\nrec.dat 16 400(-3)/uV 16 0 0 0 0 Lead II\r\nrec.dat 16\r\n"
        let header = try WFDBHeader(text: text, maxLeads: 16)
        #expect(header.sampleRate == 500)
        #expect(header.sampleCount == 1000)
        #expect(header.signals[0] == WFDBHeader.Signal(
            fileName: "rec.dat", format: 16, byteOffset: 0, gain: 400, baseline: -3, units: "uV", description: "Lead II"))
        #expect(header.signals[1].gain == 200)
        #expect(header.signals[1].description == "signal 2")
    }

    @Test func decodesEveryFormatFromKnownBytes() {
        // 212: samples 1, -2 → 0x001, 0xFFE packed as [0x01, 0xF0, 0xFE].
        #expect(WFDBRecordReader.decode(Data([0x01, 0xF0, 0xFE]), format: 212) == [1, -2])
        #expect(WFDBRecordReader.decode(Data([0xFE, 0xFF, 0x10, 0x00]), format: 16) == [-2, 16])
        #expect(WFDBRecordReader.decode(Data([0xFF, 0xFE, 0x00, 0x10]), format: 61) == [-2, 16])
        #expect(WFDBRecordReader.decode(Data([0x7E, 0x90]), format: 80) == [-2, 16])
        #expect(WFDBRecordReader.decode(Data([0xFE, 0x7F]), format: 160) == [-2])
        // 311: 5, -1, 3 → 5 | 0x3FF << 10 | 3 << 20.
        let word: UInt32 = 5 | (0x3FF << 10) | (3 << 20)
        #expect(WFDBRecordReader.decode(Data([UInt8(word & 0xFF), UInt8(word >> 8 & 0xFF), UInt8(word >> 16 & 0xFF), UInt8(word >> 24)]), format: 311) == [5, -1, 3])
        // Trailing partial groups are dropped.
        #expect(WFDBRecordReader.decode(Data([0x01, 0xF0]), format: 212) == [])
    }

    @Test func shortDataAndInvalidSamplesAreReported() throws {
        let header = try WFDBHeader(text: "r 1 100 4\nr.dat 16 100 16 0 0 0 0 ECG\n", maxLeads: 16)
        let recording = try WFDBRecordReader.read(header: header, options: .init()) { _, _ in
            Data([0x64, 0x00, 0x00, 0x80, 0xC8, 0x00])  // 100, invalid, 200; the 4th sample is missing
        }
        #expect(recording.leads[0].samples == [1, 1, 2])
        #expect(recording.warnings.count == 2)
    }

    @Test func malformedHeadersGiveTypedErrors() {
        let cases: [(String, String)] = [
            ("", "invalid_input"),
            ("r x 360\n", "invalid_input"),
            ("r 2 360 100\nr.dat 212\n", "invalid_input"),
            ("r 1 360 100\nr.dat 8 200 12 0 0 0 0 ECG\n", "unsupported_format"),
            ("r/3 1 360 100\n", "unsupported_format"),
            ("r 1 -5 100\nr.dat 16\n", "invalid_input"),
            ("r 1 360 100\n../secret 16\n", "invalid_input"),
            ("r 999 360 100\n", "invalid_input"),
        ]
        for (text, code) in cases {
            do {
                let header = try WFDBHeader(text: text, maxLeads: 16)
                _ = try WFDBRecordReader.read(header: header, options: .init()) { _, _ in Data(count: 200) }
                Issue.record("header \(text.debugDescription) must fail")
            } catch let error as ECGAnalysisError {
                #expect(error.code == code, "\(text.debugDescription): \(error)")
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
    }

    @Test func hugeSampleCountsAreRefusedBeforeReading() throws {
        let header = try WFDBHeader(text: "r 1 360 900000000\nr.dat 16\n", maxLeads: 16)
        #expect(throws: ECGAnalysisError.self) {
            try WFDBRecordReader.read(header: header, options: .init()) { _, _ in Data(count: 10) }
        }
    }

    @Test func headerFileOverTheLimitIsRefusedNotTruncated() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A valid record line, then comments past the limit: read as a prefix it would parse.
        var text = "r 1 360 4\nr.dat 16\n"
        text += String(repeating: "# padding\n", count: WFDBHeader.maxHeaderBytes / 10 + 1)
        let headerURL = folder.appendingPathComponent("r.hea")
        try Data(text.utf8).write(to: headerURL)
        try Data(count: 8).write(to: folder.appendingPathComponent("r.dat"))
        #expect(throws: ECGAnalysisError.invalidInput("the WFDB header is larger than \(WFDBHeader.maxHeaderBytes) bytes")) {
            try ECGFileReader.read(path: headerURL.path)
        }
    }

    @Test func missingDataFileIsATypedError() {
        #expect(throws: ECGAnalysisError.self) {
            try ECGFileReader.read(path: SignalFixtures.path("does-not-exist.hea"))
        }
    }
}

@Suite("WFDB annotations")
struct WFDBAnnotationTests {
    @Test(arguments: ["mitdb100_212.atr", "mitdb100_16.atr"])
    func readsTheExcerptAnnotations(file: String) throws {
        let expected = try SignalFixtures.excerpt().annotations
        let annotations = try WFDBAnnotationReader.read(path: SignalFixtures.path(file))
        #expect(annotations.map(\.sample) == expected.map(\.sample))
        #expect(annotations.map(\.symbol) == expected.map(\.symbol))
        #expect(annotations.map(\.auxNote) == expected.map(\.auxNote))
        #expect(annotations.first?.auxNote == "(N")
        #expect(annotations.filter(\.isBeat).count == expected.filter { $0.symbol != "+" }.count)
    }

    @Test func skipNumberAndChannelPseudoAnnotations() throws {
        func word(_ code: Int, _ field: Int) -> [UInt8] { let w = code << 10 | field; return [UInt8(w & 0xFF), UInt8(w >> 8)] }
        // SKIP 100 000 samples, then V at +5, CHN 1, then N at +300; end.
        let interval = 100_000
        let bytes = word(59, 0) + [UInt8(interval >> 16 & 0xFF), UInt8(interval >> 24), UInt8(interval & 0xFF), UInt8(interval >> 8 & 0xFF)]
            + word(5, 5) + word(62, 1) + word(1, 300) + word(0, 0)
        let annotations = try WFDBAnnotationReader.parse(Data(bytes))
        #expect(annotations == [
            WFDBAnnotation(sample: 100_005, symbol: "V", channel: 1),
            WFDBAnnotation(sample: 100_305, symbol: "N", channel: 1),
        ])
    }

    @Test func truncatedAuxiliaryNoteIsATypedError() {
        let bytes: [UInt8] = [0x05, 0x04, 0x10, 0xFC, 0x28]  // N at 5, AUX of 16 bytes with 1 present
        #expect(throws: ECGAnalysisError.self) { try WFDBAnnotationReader.parse(Data(bytes)) }
    }
}
