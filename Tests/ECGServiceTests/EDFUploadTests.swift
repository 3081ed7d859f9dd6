#if Service
import ECGAnalysis
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("EDF uploads")
struct EDFUploadTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/edf/mitdb100_edfplus.edf")

    @Test("an EDF+ upload is analysed like the CSV of the same 10 s")
    func edfUpload() async throws {
        let edf = try Data(contentsOf: Self.fixture)
        try await withService(try AnalyzerBackendTests.analyzer()) { service, client in
            let body = MultipartBody.upload(edf, fileName: "holter.edf")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body).prefix(300))")
                let json = try #require(response.body.jsonObject)
                let signal = try #require(json["signal"] as? [String: Any])
                #expect(signal["source_format"] as? String == "edf")
                #expect(signal["sample_rate_hz"] as? Double == 360)
                #expect(signal["lead"] as? String == "MLII")
                #expect(signal["leads_available"] as? [String] == ["MLII", "V5"])
                let rate = try #require((json["heart_rate"] as? [String: Any])?["mean_bpm"] as? Double)
                #expect(rate > 65 && rate < 85)   // the CSV of the same 10 s gives 74 bpm
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).count == 1)
        }
    }

    @Test("a damaged EDF upload is a 400 with the reason, and nothing is saved")
    func damagedEDF() async throws {
        let edf = try Data(contentsOf: Self.fixture).prefix(4000)
        try await withService(try AnalyzerBackendTests.analyzer()) { service, client in
            let body = MultipartBody.upload(Data(edf), fileName: "cut.edf")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorCode == "invalid_input")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).isEmpty)
        }
    }
}
#endif
