#if Service
import ECGAnalysis
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every configurable limit of `/predict`: a small value gives the typed 4xx/503 JSON answer over HTTP and saves
/// nothing; the defaults are the documented ones.
@Suite("Configurable limits")
struct LimitsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Posts `contents` as `fileName` and checks status, error code and that the message contains `message`;
    /// then checks that no result file was written.
    static func expectRefusal(
        _ contents: Data, fileName: String, status: HTTPResponse.Status, code: String, message: String,
        configure: @escaping (inout ServiceConfiguration) -> Void, backend: (any ECGAnalysisBackend)? = nil
    ) async throws {
        try await withService(try backend ?? AnalyzerBackendTests.analyzer(), configure: configure) { service, client in
            let body = MultipartBody.upload(contents, fileName: fileName)
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == status)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                #expect(response.body.errorCode == code)
                let text = response.body.errorMessage ?? ""
                #expect(text.contains(message), "message: \(text)")
            }
            #expect(try TemporaryFolder.files(in: service.resultsDirectory).isEmpty)
        }
    }

    @Test("defaults: 20 MB upload, 2 000 000 samples, 16 leads, 32 MiB CSV line, 40 MP image, 120 s analysis, 60 s request")
    func defaults() async throws {
        let configuration = ServiceConfiguration()
        #expect(configuration.maxUploadBytes == 20 << 20)
        #expect(configuration.maxSamplesPerLead == 2_000_000)
        #expect(configuration.maxLeads == 16)
        #expect(configuration.maxCSVLineBytes == 32 << 20)
        #expect(configuration.imageLimits == ImageDecodingLimits(maxPixels: 40_000_000, maxDimension: 20_000, maxDecodedBytes: 320 << 20))
        #expect(configuration.analysisTimeout == .seconds(120))
        #expect(configuration.requestTimeout == .seconds(60))
        let options = configuration.readOptions(lead: "V1", sampleRate: 250)
        #expect(options.maxSamples == 2_000_000 && options.maxLeads == 16 && options.maxLineBytes == 32 << 20)
        #expect(options.lead == "V1" && options.sampleRate == 250)
        // The defaults are what /debug/info reports, and the sample recording passes them.
        try await withService(try AnalyzerBackendTests.analyzer()) { _, client in
            try await client.execute(uri: "/debug/info", method: .get) { response in
                let service = try #require(response.body.jsonObject?["service"] as? [String: Any])
                #expect(service["max_samples_per_lead"] as? Int == 2_000_000)
                #expect(service["max_leads"] as? Int == 16)
                #expect(service["max_csv_line_bytes"] as? Int == 32 << 20)
                #expect(service["max_image_decoded_bytes"] as? Int == 320 << 20)
                #expect(service["analysis_timeout_seconds"] as? Double == 120)
                #expect(service["request_timeout_seconds"] as? Double == 60)
            }
            let body = MultipartBody.upload(try AnalyzerBackendTests.sampleCSV, fileName: "sample_ecg.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("upload size: a body over maxUploadBytes is 413 upload_too_large")
    func uploadSize() async throws {
        try await Self.expectRefusal(
            sampleCSV(count: 3600), fileName: "a.csv", status: .contentTooLarge, code: "upload_too_large",
            message: "the limit is 65536 bytes", configure: { $0.maxUploadBytes = 65_536 })
    }

    @Test("samples per lead: a CSV longer than maxSamplesPerLead is 400 invalid_input")
    func samplesPerLead() async throws {
        try await Self.expectRefusal(
            try AnalyzerBackendTests.sampleCSV, fileName: "sample_ecg.csv", status: .badRequest, code: "invalid_input",
            message: "more than 1000 rows", configure: { $0.maxSamplesPerLead = 1000 })
    }

    @Test("leads: a CSV with more signal columns than maxLeads is 400 invalid_input")
    func leads() async throws {
        var text = "time_s,I,II,III\n"
        for index in 0..<3600 {
            let x = sin(Double(index) / 20)
            text += "\(Double(index) / 360),\(0.3 * x),\(0.5 * x),\(0.2 * x)\n"
        }
        try await Self.expectRefusal(
            Data(text.utf8), fileName: "three.csv", status: .badRequest, code: "invalid_input",
            message: "more than 2 signal columns", configure: { $0.maxLeads = 2 })
    }

    @Test("CSV line length: a line over maxCSVLineBytes is 400 invalid_input")
    func csvLineLength() async throws {
        let row = (0..<400).map { _ in "0.125" }.joined(separator: ",")   // 2 399 bytes
        try await Self.expectRefusal(
            Data("\(row)\n".utf8), fileName: "row.csv", status: .badRequest, code: "invalid_input",
            message: "longer than 1024 bytes", configure: { $0.maxCSVLineBytes = 1024 })
    }

    @Test("image pixels: an image over imageLimits.maxPixels is 413 image_too_large")
    func imagePixels() async throws {
        let png = try Data(contentsOf: Self.root.appendingPathComponent("samples/sample_ecg.png"))   // 1070 × 196
        try await Self.expectRefusal(
            png, fileName: "sample_ecg.png", status: .contentTooLarge, code: "image_too_large",
            message: "the image is 1070×196 pixels; the limit is 0.1 megapixels",
            configure: { $0.imageLimits = ImageDecodingLimits(maxPixels: 100_000) })
    }

    @Test("image decoded bytes: an image needing more than imageLimits.maxDecodedBytes is 413 image_too_large")
    func imageDecodedBytes() async throws {
        let png = try Data(contentsOf: Self.root.appendingPathComponent("samples/sample_ecg.png"))
        // 209 720 pixels fit the pixel limit, but not 3 bytes each in 300 000 bytes.
        try await Self.expectRefusal(
            png, fileName: "sample_ecg.png", status: .contentTooLarge, code: "image_too_large",
            message: "decoding the 1070×196 image needs more than the limit of 300000 bytes",
            configure: { $0.imageLimits = ImageDecodingLimits(maxPixels: 1_000_000, maxDecodedBytes: 300_000) })
    }

    @Test("analysis timeout, real analyzer: past the limit it is 503 analysis_timeout and nothing is saved")
    func analysisTimeoutRealAnalyzer() async throws {
        try await Self.expectRefusal(
            try AnalyzerBackendTests.sampleCSV, fileName: "sample_ecg.csv", status: .serviceUnavailable,
            code: "analysis_timeout", message: "time limit of 0.001 s",
            configure: { $0.analysisTimeout = .milliseconds(1) })
    }

    @Test("analysis timeout: a cooperative engine stops at its deadline and frees the worker")
    func analysisTimeoutCooperative() async throws {
        let backend = SlowBackend(duration: .seconds(30), cooperative: true)
        try await Self.expectRefusal(
            sampleCSV(count: 100), fileName: "a.csv", status: .serviceUnavailable, code: "analysis_timeout",
            message: "time limit of 0.3 s", configure: { $0.analysisTimeout = .milliseconds(300); $0.workers = 1 },
            backend: backend)
        // Stopped at the deadline, not after the engine's 30 s (3 000 steps of 10 ms): the worker was given back.
        #expect(backend.steps < 1500)
    }

    @Test("analysis timeout: an engine that ignores the deadline still gets 503 and no saved result")
    func analysisTimeoutUncooperative() async throws {
        try await Self.expectRefusal(
            sampleCSV(count: 100), fileName: "a.csv", status: .serviceUnavailable, code: "analysis_timeout",
            message: "time limit of 0.05 s", configure: { $0.analysisTimeout = .milliseconds(50) },
            backend: SlowBackend(duration: .milliseconds(300), cooperative: false))
    }

    @Test("no analysis timeout (nil): a slow analysis finishes")
    func noAnalysisTimeout() async throws {
        try await withService(SlowBackend(duration: .milliseconds(200), cooperative: true), configure: {
            $0.analysisTimeout = nil
        }) { _, client in
            let body = MultipartBody.upload(sampleCSV(count: 100), fileName: "a.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("request timeout: an upload trickling in slower than the limit is 408 request_timeout, connection closed")
    func requestTimeout() async throws {
        try await withService(CountingBackend(), setup: .live, configure: { $0.requestTimeout = .milliseconds(500) }) { service, client in
            let port = try #require(client.port)
            let boundary = MultipartBody.boundary
            let connection = try RawConnection(port: port, timeout: 120)
            let started = ContinuousClock.now
            // Declares 5000 bytes and sends a few: the head arrives, the body never completes.
            connection.send(Data(
                "POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: 5000\r\n\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n1\n2\n".utf8))
            // The blocking read goes to its own thread: the cooperative pool (one thread per core) must stay free for
            // the in-process server that is to answer.
            let reply = await connection.receiveAllOffThePool()
            let waited = ContinuousClock.now - started
            #expect(firstStatus(reply) == 408, "\(reply.prefix(200))")
            #expect(reply.contains("request_timeout"))
            // Not before the limit; and the read ended because the server closed the connection, not at the socket's
            // 120-s receive timeout (the bound is loose: a fully loaded test run can delay the answer by seconds).
            #expect(waited >= .milliseconds(400) && waited < .seconds(100))
            #expect(try TemporaryFolder.files(in: service.resultsDirectory).isEmpty)
            // A normal upload still works.
            let body = MultipartBody.upload(sampleCSV(count: 100), fileName: "a.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

extension TemporaryFolder {
    /// Every entry of `folder`, `.partial` files included.
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder)
    }
}
#endif
