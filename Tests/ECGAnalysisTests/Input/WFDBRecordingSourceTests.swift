import Foundation
import Testing
@testable import ECGAnalysis

@Suite("WFDB read range by range")
struct WFDBRecordingSourceTests {
    /// A record folder holding `header` as `r.hea` and `data` as `r.dat`.
    func record(header: String, data: [UInt8]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wfdb-source-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(header.utf8).write(to: folder.appendingPathComponent("r.hea"))
        try Data(data).write(to: folder.appendingPathComponent("r.dat"))
        return folder
    }

    /// Every range of every lead equals the whole-file reader's samples.
    func expectRangesMatch(_ path: String) throws {
        let whole = try ECGFileReader.read(path: path)
        let source = try #require(try WFDBRecordingSource.open(headerPath: path))
        #expect(source.leadNames == whole.leads.map(\.name))
        #expect(source.sampleCount == whole.sampleCount)
        #expect(source.sampleRate == whole.sampleRate)
        #expect(source.sampleRateSource == whole.sampleRateSource)
        let n = whole.sampleCount
        try RecordingSourceChecks.expectEveryRangeMatches(source, whole, cuts: [0, 1, 2, 3, 4, 5, 7, 8, 13, n / 3, n / 2, n - 5, n - 2, n - 1, n])
    }

    @Test(arguments: ["mitdb100_212.hea", "mitdb100_16.hea"])
    func mitBIHExcerptReadsInRanges(file: String) throws {
        try expectRangesMatch(SignalFixtures.path(file))
    }

    /// Three signals in every packed format, with invalid-sample markers that hold across a range's start.
    @Test(arguments: [16, 61, 80, 160, 212, 311])
    func everyFormatWithInvalidSamples(format: Int) throws {
        let frames = 11
        let marker = Int(WFDBRecordReader.invalidMarker(format: format))
        var flat: [Int] = []
        for f in 0..<frames {
            for s in 0..<3 {
                // Signal 1 is invalid on frames 3...6, signal 2 on frame 0 and 9.
                let invalid = (s == 1 && (3...6).contains(f)) || (s == 2 && (f == 0 || f == 9))
                flat.append(invalid ? marker : (f * 7 + s * 3) % 60 - 30)
            }
        }
        let bytes = Self.encode(flat, format: format)
        let header = "r 3 360 \(frames)\nr.dat \(format) 20 12 0 0 0 0 I\nr.dat \(format) 20 12 0 0 0 0 II\nr.dat \(format) 20 12 0 0 0 0 V1\n"
        let folder = try record(header: header, data: bytes)
        defer { try? FileManager.default.removeItem(at: folder) }
        try expectRangesMatch(folder.appendingPathComponent("r.hea").path)
    }

    @Test func layoutsForTheWholeFileReaderGiveNil() throws {
        let twoFiles = try record(header: "r 2 360 4\nr.dat 16\ns.dat 16\n", data: [UInt8](repeating: 0, count: 8))
        defer { try? FileManager.default.removeItem(at: twoFiles) }
        #expect(try WFDBRecordingSource.open(headerPath: twoFiles.appendingPathComponent("r.hea").path) == nil)
        let noLength = try record(header: "r 1 360\nr.dat 16\n", data: [UInt8](repeating: 0, count: 8))
        defer { try? FileManager.default.removeItem(at: noLength) }
        #expect(try WFDBRecordingSource.open(headerPath: noLength.appendingPathComponent("r.hea").path) == nil)
        let short = try record(header: "r 1 360 100\nr.dat 16\n", data: [UInt8](repeating: 0, count: 8))
        defer { try? FileManager.default.removeItem(at: short) }
        #expect(try WFDBRecordingSource.open(headerPath: short.appendingPathComponent("r.hea").path) == nil)
        let mixed = try record(header: "r 2 360 2\nr.dat 16\nr.dat 212\n", data: [UInt8](repeating: 0, count: 8))
        defer { try? FileManager.default.removeItem(at: mixed) }
        #expect(try WFDBRecordingSource.open(headerPath: mixed.appendingPathComponent("r.hea").path) == nil)
    }

    @Test func chunkedAnalysisOfARangeReadRecordEqualsTheInMemoryOne() throws {
        let path = SignalFixtures.path("mitdb100_212.hea")
        let analyzer = try TestModel.analyzer()
        var options = AnalysisOptions()
        options.chunking = ChunkingParameters(
            wholeSignalLimit: 0, chunkSeconds: 5, marginSeconds: 2, segmentSeconds: 7200, modelBatchBeats: 16)
        let ranged = try analyzer.analyze(path: path, options: options)
        let inMemory = try analyzer.analyze(try ECGFileReader.read(path: path), options: options)
        #expect(ranged.beats.count > 10)
        #expect(ranged.beats.map(\.sample) == inMemory.beats.map(\.sample))
        #expect(ranged.beats.map(\.label) == inMemory.beats.map(\.label))
        #expect(ranged.beats.map(\.probability) == inMemory.beats.map(\.probability))
        #expect(ranged.heartRate == inMemory.heartRate)
        #expect(ranged.signal == inMemory.signal)
        #expect(ranged.diagnosis == inMemory.diagnosis)
    }

    /// The flattened sample stream in a WFDB format (values in range, markers included).
    static func encode(_ values: [Int], format: Int) -> [UInt8] {
        var out: [UInt8] = []
        switch format {
        case 16, 160:
            for v in values {
                let word = UInt16(truncatingIfNeeded: format == 160 ? v + 32768 : v)
                out += [UInt8(word & 0xFF), UInt8(word >> 8)]
            }
        case 61:
            for v in values {
                let word = UInt16(truncatingIfNeeded: v)
                out += [UInt8(word >> 8), UInt8(word & 0xFF)]
            }
        case 80:
            for v in values { out.append(UInt8(v + 128)) }
        case 212:
            var padded = values
            if padded.count % 2 == 1 { padded.append(0) }
            for i in stride(from: 0, to: padded.count, by: 2) {
                let a = padded[i] & 0xFFF, b = padded[i + 1] & 0xFFF
                out += [UInt8(a & 0xFF), UInt8(((a >> 8) & 0x0F) | ((b >> 4) & 0xF0)), UInt8(b & 0xFF)]
            }
        case 311:
            var padded = values
            while padded.count % 3 != 0 { padded.append(0) }
            for i in stride(from: 0, to: padded.count, by: 3) {
                let word = UInt32(padded[i] & 0x3FF) | UInt32(padded[i + 1] & 0x3FF) << 10 | UInt32(padded[i + 2] & 0x3FF) << 20
                out += [UInt8(word & 0xFF), UInt8((word >> 8) & 0xFF), UInt8((word >> 16) & 0xFF), UInt8(word >> 24)]
            }
        default:
            break
        }
        return out
    }
}
