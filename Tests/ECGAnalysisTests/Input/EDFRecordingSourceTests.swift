import Foundation
import Testing
@testable import ECGAnalysis

@Suite("EDF read range by range")
struct EDFRecordingSourceTests {
    func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("edf-source-\(UUID().uuidString).edf")
        try Data(bytes).write(to: url)
        return url
    }

    /// Every range of every lead equals the whole-file reader's samples.
    func expectRangesMatch(_ path: String) throws {
        let whole = try ECGFileReader.read(path: path)
        let source = try #require(try EDFRecordingSource.open(path: path))
        #expect(source.leadNames == whole.leads.map(\.name))
        #expect(source.sampleCount == whole.sampleCount)
        #expect(source.sampleRate == whole.sampleRate)
        #expect(source.warnings == whole.warnings)
        #expect(source.annotations == whole.annotations)
        let n = whole.sampleCount
        try RecordingSourceChecks.expectEveryRangeMatches(source, whole, cuts: [0, 1, 3, 4, 5, 7, 8, 13, 14, 17, n / 3, n / 2, n - 5, n - 1, n])
    }

    @Test func fixturesReadInRanges() throws {
        for name in ["mitdb100_edfplus.edf", "mitdb100_plain.edf"] {
            try expectRangesMatch(EDFReaderTests.folder.appendingPathComponent(name).path)
        }
    }

    @Test func discontinuousGapsAreHeldInRanges() throws {
        var file = EDFBuilder(variant: "EDF+D", recordDuration: 1)
        file.signals = [
            .init(label: "ECG II", dimension: "mV", samplesPerRecord: 4, physical: (-1, 1)),
            .init(label: "ECG V5", dimension: "uV", samplesPerRecord: 4, physical: (-1000, 1000)),
        ]
        file.annotationBytes = 60
        file.records = [
            .init(onset: 0, samples: [[0, 100, 200, 300], [5, 6, 7, 8]], notes: ["+0.5\u{14}Start\u{14}"]),
            .init(onset: 1, samples: [[400, 500, 600, 700], [9, 10, 11, 12]]),
            .init(onset: 3.5, samples: [[800, 900, 1000, 1100], [13, 14, 15, 16]]),
            .init(onset: 6, samples: [[-5, -6, -7, -8], [1, 2, 3, 4]]),
        ]
        let url = try temporaryFile(file.bytes())
        defer { try? FileManager.default.removeItem(at: url) }
        try expectRangesMatch(url.path)
    }

    @Test func unitlessLeadsAreLeftToTheWholeFileReader() throws {
        var file = EDFBuilder(variant: "EDF", recordDuration: 1)
        file.signals = [.init(label: "ECG", dimension: "", samplesPerRecord: 4, physical: (-1, 1))]
        file.records = [.init(onset: 0, samples: [[0, 1, 2, 3]])]
        let url = try temporaryFile(file.bytes())
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try EDFRecordingSource.open(path: url.path) == nil)
    }

    @Test func damagedFilesAreTypedErrors() throws {
        let url = try temporaryFile(Array("0       garbage".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: ECGAnalysisError.self) { try EDFRecordingSource.open(path: url.path) }
        #expect(throws: ECGAnalysisError.self) { try EDFRecordingSource.open(path: url.path + ".missing") }
    }

    @Test func longEDFAnalysedFromTheFileEqualsTheWholeAnalysis() throws {
        // 3 minutes of two synthetic leads written as EDF+C (1-s records, 16-bit over ±5 mV), analysed whole and
        // in 20-s chunks read from the file.
        let rate = 360.0
        let times = SyntheticECG.regularTimes(bpm: 72, duration: 180)
        let morphologies = times.indices.map { $0 % 7 == 3 ? SyntheticECG.ventricularBeat : SyntheticECG.normalBeat }
        let x = SyntheticECG.signal(duration: 180, sampleRate: rate, rTimes: times, morphologies: morphologies, noise: 0.02)
        var file = EDFBuilder(variant: "EDF+C", recordDuration: 1)
        file.signals = [
            .init(label: "MLII", dimension: "mV", samplesPerRecord: 360, physical: (-5, 5)),
            .init(label: "V5", dimension: "mV", samplesPerRecord: 360, physical: (-5, 5)),
        ]
        file.annotationBytes = 40
        func digital(_ v: Float) -> Int16 { Int16(max(-32768, min(32767, (Double(v) + 5) / 10 * 65535 - 32768).rounded())) }
        file.records = (0..<180).map { r in
            let slice = x[(r * 360)..<((r + 1) * 360)]
            return .init(onset: Double(r), samples: [slice.map(digital), slice.map { digital(-0.5 * $0) }])
        }
        let url = try temporaryFile(file.bytes())
        defer { try? FileManager.default.removeItem(at: url) }
        let analyzer = try TestModel.analyzer()
        let whole = try analyzer.analyze(path: url.path)
        var options = AnalysisOptions()
        options.chunking = ChunkingParameters(wholeSignalLimit: 0, chunkSeconds: 20, marginSeconds: 30, segmentSeconds: 3600)
        let streamed = try analyzer.analyze(path: url.path, options: options)
        #expect(whole.beats.count >= times.count - 1)
        #expect(streamed.beats.map(\.sample) == whole.beats.map(\.sample))
        #expect(streamed.beats.map(\.label) == whole.beats.map(\.label))
        #expect(streamed.heartRate == whole.heartRate)
        #expect(streamed.rhythm == whole.rhythm)
        #expect(streamed.signal == whole.signal)
    }
}
