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
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).count == 1)
        }
    }

    @Test("an ECG image is decoded, digitized and analysed like its CSV")
    func sampleImage() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let png = try Data(contentsOf: root.appendingPathComponent("samples/sample_ecg.png"))
        try await withService(try Self.analyzer()) { _, client in
            let body = MultipartBody.upload(png, fileName: "sample_ecg.png", fields: [("include_trace", "true")])
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body).prefix(300))")
                let json = try #require(response.body.jsonObject)
                let digitized = try #require(json["digitized"] as? [String: Any])
                let leads = try #require(digitized["leads"] as? [[String: Any]])
                #expect(leads.count == 1)
                #expect((digitized["confidence"] as? Double ?? 0) > 0.5)
                #expect((leads.first?["placement"] as? [String: Any])?["origin"] != nil)
                let signal = try #require(json["signal"] as? [String: Any])
                #expect(signal["source_format"] as? String == "png")
                #expect(signal["sample_rate_source"] as? String == "image")
                #expect((9.5...10.5).contains(signal["duration_s"] as? Double ?? 0))
                let rate = try #require((json["heart_rate"] as? [String: Any])?["mean_bpm"] as? Double)
                #expect(rate > 65 && rate < 85)   // the CSV of the same 10 s gives 74 bpm
                let trace = try #require(json["trace"] as? [String: Any])
                #expect(trace["lead"] as? String == signal["lead"] as? String)
            }
        }
    }

    @Test("the engine's errors map to their statuses", arguments: [
        ("flat.csv", Data(("time_s,MLII\n" + (0..<3600).map { "\(Double($0) / 360),0" }.joined(separator: "\n")).utf8),
         HTTPResponse.Status.unprocessableContent, "unanalysable_signal"),
        ("short.csv", Data(("time_s,MLII\n" + (0..<360).map { "\(Double($0) / 360),\(sin(Double($0)))" }.joined(separator: "\n")).utf8),
         .unprocessableContent, "unanalysable_signal"),
        ("words.csv", Data("hello,world\nthis,is\nnot,an ecg\n".utf8), .badRequest, "invalid_input"),
        ("scan.png", Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]), .unprocessableContent, "unreadable_image"),
        ("scan.png", Data("time_s,MLII\n0,1\n".utf8), .unsupportedMediaType, "unsupported_image"),
        ("bomb.png", imageFixture("bomb_16000x16000.png"), .contentTooLarge, "image_too_large"),
        ("print.jpg", imageFixture("cmyk.jpg"), .unsupportedMediaType, "unsupported_image"),
        ("cut.jpg", imageFixture("baseline444.jpg").prefix(300), .unprocessableContent, "unreadable_image"),
        ("old.bmp", imageFixture("rgb24.bmp").prefix(100), .unprocessableContent, "unreadable_image"),
        ("pattern.png", imageFixture("rgb8.png"), .unprocessableContent, "unanalysable_signal"),
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

    @Test("the image limits come from the configuration and are checked before decoding")
    func configuredImageLimit() async throws {
        try await withService(try Self.analyzer(), configure: { $0.imageLimits = ImageDecodingLimits(maxPixels: 50) }) { _, client in
            for name in ["rgb8.png", "baseline444.jpg", "rgb24.bmp"] {
                let body = MultipartBody.upload(imageFixture(name), fileName: name)
                try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(response.body.errorCode == "image_too_large")
                    #expect(response.body.errorMessage?.contains("13×7") == true)
                }
            }
            try await client.execute(uri: "/debug/info", method: .get) { response in
                let service = try #require(response.body.jsonObject?["service"] as? [String: Any])
                #expect(service["max_image_pixels"] as? Int == 50)
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

/// A committed image fixture (Tests/Fixtures/images).
func imageFixture(_ name: String) -> Data {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")
    return (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data()
}
#endif
