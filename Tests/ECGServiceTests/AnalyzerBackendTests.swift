#if Service
import ECGAnalysis
import ECGService
import Foundation
import HDF5Reader
import KerasFormat
import Hummingbird
import HummingbirdTesting
import NeuralKernels
import Testing

/// The service over the real `ECGAnalyzer`, with a small hand-built model of the original project's interface
/// (one beat window [256, 1] → softmax over F, N, Q, S, V; no preprocessing sidecar, so the defaults apply).
@Suite("ECGAnalyzer behind the service")
struct AnalyzerBackendTests {
    static func analyzer() throws -> ECGAnalyzer {
        func number(_ value: Int) -> JSONValue { .number(Double(value)) }
        let layers = [
            KerasLayer(name: "beat_window", className: "InputLayer",
                       config: .object(["batch_input_shape": .array([.null, number(256), number(1)])])),
            KerasLayer(name: "gap", className: "GlobalAveragePooling1D", config: .object([:]),
                       inboundNodes: [[KerasNodeRef(layer: "beat_window")]]),
            KerasLayer(
                name: "output", className: "Dense",
                config: .object(["units": number(5), "activation": .string("softmax"), "use_bias": .bool(true)]),
                inboundNodes: [[KerasNodeRef(layer: "gap")]],
                weights: [
                    try KerasWeight(name: "output/kernel:0", shape: [1, 5], values: [0, 0, 0, 0, 0]),
                    try KerasWeight(name: "output/bias:0", shape: [5], values: [0, 3, 0, 0, 0]),   // always "N"
                ]),
        ]
        let graph = KerasGraph(
            kind: .functional, name: "service_test_model", layers: layers,
            inputs: [KerasNodeRef(layer: "beat_window")], outputs: [KerasNodeRef(layer: "output")])
        let model = try Model(keras: KerasModel(
            graph: graph, kerasVersion: "2.20.1", backend: "tensorflow",
            flavour: KerasFileFlavour(writer: .tfKeras, container: .fullModelH5)))
        return try ECGAnalyzer(model: model, labels: ["F", "N", "Q", "S", "V"], preprocessing: nil, fileName: "test.h5")
    }

    /// samples/sample_ecg.csv: 10 s of MIT-BIH record 100, lead MLII, in mV with a time column.
    static var sampleCSV: Data {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try Data(contentsOf: root.appendingPathComponent("samples/sample_ecg.csv"))
        }
    }

    @Test("the sample CSV is analysed end to end: report sections, beats, trace, saved file")
    func sampleRecording() async throws {
        let csv = try Self.sampleCSV
        try await withService(try Self.analyzer()) { service, client in
            let body = MultipartBody.upload(csv, fileName: "sample_ecg.csv", fields: [("include_trace", "true")])
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
                let json = try #require(response.body.jsonObject)
                for section in ["id", "saved_as", "diagnosis", "score", "doctors_notes", "heart_rate", "intervals", "beats", "timing", "trace"] {
                    #expect(json[section] != nil, "missing \(section)")
                }
                let beats = try #require(json["beats"] as? [[String: Any]])
                #expect((10...16).contains(beats.count))          // record 100 runs at ~74 bpm
                #expect(beats.allSatisfy { $0["label"] as? String == "N" })
                let trace = try #require(json["trace"] as? [String: Any])
                #expect((trace["samples_mv"] as? [Any])?.count == 3600)
                #expect(trace["lead"] as? String == "MLII")
                let rate = try #require((json["heart_rate"] as? [String: Any])?["mean_bpm"] as? Double)
                #expect(rate > 65 && rate < 85)
                #expect((json["doctors_notes"] as? String)?.contains("not a medical device") == true)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.store.directory).count == 1)
        }
    }

    @Test("the engine's errors map to their statuses", arguments: [
        ("flat.csv", Data(("time_s,MLII\n" + (0..<3600).map { "\(Double($0) / 360),0" }.joined(separator: "\n")).utf8),
         HTTPResponse.Status.unprocessableContent, "unanalysable_signal"),
        ("short.csv", Data(("time_s,MLII\n" + (0..<360).map { "\(Double($0) / 360),\(sin(Double($0)))" }.joined(separator: "\n")).utf8),
         .unprocessableContent, "unanalysable_signal"),
        ("words.csv", Data("hello,world\nthis,is\nnot,an ecg\n".utf8), .badRequest, "invalid_input"),
        ("scan.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]), .unsupportedMediaType, "unsupported_format"),
    ])
    func engineErrors(name: String, contents: Data, status: HTTPResponse.Status, code: String) async throws {
        try await withService(try Self.analyzer()) { _, client in
            let body = MultipartBody.upload(contents, fileName: name)
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == status, "\(String(buffer: response.body))")
                #expect(response.body.errorCode == code)
                #expect(response.body.errorMessage?.isEmpty == false)
            }
        }
    }

    @Test("/debug/info describes the loaded model")
    func modelInfo() async throws {
        try await withService(try Self.analyzer()) { _, client in
            try await client.execute(uri: "/debug/info", method: .get) { response in
                let json = try #require(response.body.jsonObject)
                #expect(json["labels"] as? [String] == ["F", "N", "Q", "S", "V"])
                #expect(json["window_samples"] as? Int == 256)
                #expect(json["engine_version"] as? String == ECGEngineInfo.version)
                #expect((json["layers"] as? [Any])?.count == 3)
                #expect(json["service"] != nil)
            }
        }
    }
}
#endif
