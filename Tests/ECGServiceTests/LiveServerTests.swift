#if Service
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Live server: real sockets and hostile clients")
struct LiveServerTests {
    @Test("an upload over a real connection is analysed and saved")
    func livePredict() async throws {
        try await withService(CountingBackend(), setup: .live) { service, client in
            let body = MultipartBody.upload(sampleCSV(count: 3600), fileName: "sample_ecg.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
                #expect(response.body.jsonObject?["diagnosis"] as? String == "samples=3600")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).count == 1)
        }
    }

    @Test("hostile requests get an error or a closed connection, and the server keeps serving")
    func hostileClients() async throws {
        try await withService(CountingBackend(), setup: .live, configure: { $0.maxUploadBytes = 1 << 20 }) { _, client in
            let port = try #require(client.port)
            let boundary = MultipartBody.boundary
            let hostile: [(String, Data, Set<Int?>)] = [
                ("huge header", Data("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n".utf8), [nil, 400, 431]),
                ("garbage request line", Data("HELLO THERE\r\n\r\n".utf8), [nil, 400]),
                ("truncated multipart",
                 Data("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: 5000\r\n\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n1\n2\n".utf8),
                 [nil, 400]),
                ("missing boundary",
                 Data("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd".utf8),
                 [400]),
                ("declared body over the limit",
                 Data("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n--b\r\n".utf8),
                 [413]),
                ("traversal in the result id",
                 Data("GET /results/..%2F..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), [400, 404]),
                ("traversal in a page path",
                 Data("GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), [400, 404]),
            ]
            for (name, request, allowed) in hostile {
                let reply = try rawExchange(port: port, request)
                #expect(allowed.contains(firstStatus(reply)), "\(name): \(reply.prefix(120))")
                #expect(!reply.contains("root:"), "\(name)")
            }
            let health = try rawExchange(port: port, Data("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(firstStatus(health) == 200)
        }
    }
}
#endif
