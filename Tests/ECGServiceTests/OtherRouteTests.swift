#if Service
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("GET routes and the web page")
struct OtherRouteTests {
    @Test("a saved result is served back by its id, byte for byte")
    func savedResult() async throws {
        try await withService(CountingBackend()) { service, client in
            let body = MultipartBody.upload(sampleCSV(count: 20), fileName: "a.csv", fields: [("include_trace", "1")])
            let posted = try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body)
            let id = try #require(posted.body.jsonObject?["id"] as? String)
            let savedAs = try #require(posted.body.jsonObject?["saved_as"] as? String)
            let onDisk = try Data(contentsOf: URL(fileURLWithPath: service.resultsDirectory + "/" + savedAs))
            for spelling in [id, id.uppercased()] {
                try await client.execute(uri: "/results/\(spelling)", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(Data(response.body.readableBytesView) == onDisk)
                }
            }
        }
    }

    @Test("unknown ids are a 404, anything that is not an id a 400", arguments: [
        ("/results/0190f3c4-8e1a-7b2c-9d4e-5f6a7b8c9d0e", HTTPResponse.Status.notFound, "result_not_found"),
        ("/results/..%2F..%2Fetc%2Fpasswd", .badRequest, "invalid_result_id"),
        ("/results/.partial", .badRequest, "invalid_result_id"),
        ("/results/0190f3c4-8e1a-4b2c-9d4e-5f6a7b8c9d0e", .badRequest, "invalid_result_id"),   // version 4
        ("/results/0190f3c4-8e1a-7b2c-9d4e-5f6a7b8c9d0", .badRequest, "invalid_result_id"),    // too short
        ("/results/0190f3c4x8e1a-7b2c-9d4e-5f6a7b8c9d0e", .badRequest, "invalid_result_id"),
        ("/results/zzzzzzzz-8e1a-7b2c-9d4e-5f6a7b8c9d0e", .badRequest, "invalid_result_id"),
    ])
    func badResultIDs(path: String, status: HTTPResponse.Status, code: String) async throws {
        try await withService(CountingBackend()) { _, client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == status)
                #expect(response.body.errorCode == code)
            }
        }
    }

    @Test("/debug/info shows the model description and the service limits")
    func debugInfo() async throws {
        try await withService(CountingBackend(), configure: { $0.workers = 3; $0.queueDepth = 7 }) { _, client in
            try await client.execute(uri: "/debug/info", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(response.body.jsonObject)
                #expect(json["labels"] as? [String] == ["F", "N", "Q", "S", "V"])
                #expect(json["window_samples"] as? Int == 256)
                let service = try #require(json["service"] as? [String: Any])
                #expect(service["workers"] as? Int == 3)
                #expect(service["queue_depth"] as? Int == 7)
                #expect(service["max_upload_bytes"] as? Int == 20 << 20)
                #expect((service["accepted_extensions"] as? [String])?.contains("png") == true)
            }
        }
    }

    @Test("/healthz reports the pool")
    func health() async throws {
        try await withService(CountingBackend(), configure: { $0.workers = 2; $0.queueDepth = 5 }) { _, client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(response.body.jsonObject)
                #expect(json["status"] as? String == "ok")
                #expect(json["workers"] as? Int == 2)
                #expect(json["queue_depth"] as? Int == 5)
                #expect(json["waiting"] as? Int == 0)
            }
        }
    }

    @Test("unknown routes and methods answer a JSON 404")
    func notFound() async throws {
        try await withService(CountingBackend()) { _, client in
            for (path, method) in [("/nope", HTTPRequest.Method.get), ("/predict", .get), ("/healthz", .delete)] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .notFound)
                    #expect(response.body.errorCode == "not_found")
                }
            }
        }
    }

    @Test("the web page and its assets are served from the configured folder, nothing outside it")
    func webPage() async throws {
        let folder = try TemporaryFolder()
        let page = folder.path + "/page"
        try FileManager.default.createDirectory(atPath: page, withIntermediateDirectories: true)
        try Data("<!doctype html><title>ECG</title>".utf8).write(to: URL(fileURLWithPath: page + "/index.html"))
        try Data("console.log(1)".utf8).write(to: URL(fileURLWithPath: page + "/script.js"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: folder.path + "/outside.txt"))
        try await withService(CountingBackend(), configure: { $0.publicDirectory = page }) { _, client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("<title>ECG</title>"))
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            try await client.execute(uri: "/script.js", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/script.js", method: .get, headers: [.range: "bytes=abc"]) { response in
                #expect(response.status == .rangeNotSatisfiable)
                #expect(response.body.errorCode == "range_not_satisfiable")
            }
            for path in ["/../outside.txt", "/%2e%2e/outside.txt", "/missing.css"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound || response.status == .badRequest, "\(path)")
                    #expect(!String(buffer: response.body).contains("secret"))
                    #expect(response.body.errorCode != nil)
                }
            }
        }
        withExtendedLifetime(folder) {}
    }

    @Test("the bundled page resolves from the repository root")
    func bundledPageResolves() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let resolved = try #require(PublicFolder.resolve(root.path + "/Public"))
        #expect(FileManager.default.fileExists(atPath: resolved + "/index.html"))
        #expect(FileManager.default.fileExists(atPath: resolved + "/script.js"))
        #expect(FileManager.default.fileExists(atPath: resolved + "/style.css"))
        #expect(PublicFolder.resolve("no-such-folder-\(UUID().uuidString)", executablePath: "/usr/bin/true") == nil)
    }
}
#endif
