#if Service
import ECGAnalysis
@testable import ECGService
import Foundation
import Testing

@Suite("Result ids and the result store")
struct PersistenceTests {
    @Test("ids are UUIDv7 whose time names the file")
    func idShape() throws {
        let id = ResultID(milliseconds: 1_795_512_612_123, random: 0xFFFF_FFFF_FFFF_FFFF, 0)
        #expect(id.description.count == 36)
        #expect(Array(id.description)[14] == "7")
        #expect(id.milliseconds == 1_795_512_612_123)
        #expect(id.fileName == "20261124T093012.123Z-\(id).json")
        #expect(ResultID(id.description) == id)
        #expect(ResultID(id.description.uppercased()) == id)
        let fresh = ResultID()
        #expect(ResultID(fresh.description) == fresh)
        #expect(fresh != ResultID())
    }

    @Test("non-ids are refused", arguments: [
        "", "../../etc/passwd", "0190f3c4-8e1a-7b2c-9d4e-5f6a7b8c9d0e.json", "0190f3c48e1a7b2c9d4e5f6a7b8c9d0e",
        "0190f3c4-8e1a-7b2c-1d4e-5f6a7b8c9d0e", "0190f3c4-8e1a-7b2c-9d4e-5f6a7b8c9d0é",
    ])
    func refused(text: String) {
        #expect(ResultID(text) == nil)
    }

    @Test("saving writes the exact bytes atomically and never overwrites")
    func neverOverwrites() throws {
        let folder = try TemporaryFolder()
        let store = try ResultFolder(directory: folder.path + "/nested/json_outputs")
        let id = ResultID()
        let name = try store.save(Data(#"{"a":1}"#.utf8), id: id)
        #expect(name == id.fileName)
        #expect(try store.load(id) == Data(#"{"a":1}"#.utf8))
        #expect(throws: ResultFolder.StoreError.self) { try store.save(Data(#"{"a":2}"#.utf8), id: id) }
        #expect(try store.load(id) == Data(#"{"a":1}"#.utf8))
        #expect(try folder.resultFiles(in: store.directory) == [name])
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == [name])   // no leftovers
        #expect(try store.load(ResultID()) == nil)
    }

    @Test("a results folder that cannot be created is a clear error")
    func unwritableFolder() throws {
        let folder = try TemporaryFolder()
        let blocker = folder.path + "/file"
        try Data().write(to: URL(fileURLWithPath: blocker))
        let error = #expect(throws: ResultFolder.StoreError.self) { try ResultFolder(directory: blocker + "/json_outputs") }
        #expect(error?.description.hasSuffix("Not a directory") == true)
    }

    @Test("traces keep at most the plotted stretch, in µV-rounded mV")
    func traceEncoding() throws {
        func plot(_ trace: SignalTrace) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: ReportEncoding.encode(TracePlot(trace))) as? [String: Any])
        }
        let trace = SignalTrace(lead: "MLII", sampleRate: 10, samples: (0..<1000).map { Float($0) * -0.0015 })
        let json = try plot(trace)
        #expect(Set(json.keys) == ["lead", "sample_rate_hz", "duration_s", "truncated", "samples_mv"])
        let samples = try #require(json["samples_mv"] as? [Double])
        #expect(samples.count == 600)
        #expect(samples[1] == -0.002 || samples[1] == -0.001)
        #expect(samples[2] == -0.003)
        #expect(json["truncated"] as? Bool == true)
        #expect(json["duration_s"] as? Double == 100)
        let odd = SignalTrace(lead: "x\"y", sampleRate: 360, samples: [.nan, .infinity, 12.3456])
        let oddJSON = try plot(odd)
        #expect(oddJSON["lead"] as? String == "x\"y")
        let oddSamples = try #require(oddJSON["samples_mv"] as? [Any])
        #expect(oddSamples.count == 3 && oddSamples[0] is NSNull && oddSamples[1] is NSNull)
        #expect(oddSamples[2] as? Double == 12.346)
        let absurdRate = SignalTrace(lead: "II", sampleRate: 1e300, samples: [1, 2])
        #expect(try plot(absurdRate)["truncated"] as? Bool == false)
    }

    @Test("trace samples are written as µV-rounded decimals, whole millivolts without a fraction")
    func traceNumberText() throws {
        let trace = SignalTrace(lead: "II", sampleRate: 2, samples: [1, -0.145, -0.0004, 2.5, -1234.5678, .nan])
        let text = String(decoding: try ReportEncoding.encode(TracePlot(trace)), as: UTF8.self)
        #expect(text == #"{"duration_s":3,"lead":"II","sample_rate_hz":2,"samples_mv":[1,-0.145,0,2.5,-1234.568,null],"truncated":false}"#)
    }
}
#endif
