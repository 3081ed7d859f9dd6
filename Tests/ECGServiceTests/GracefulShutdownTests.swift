#if Service
import Foundation
import Hummingbird
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM against a real `ecg serve` process (the bundled model, a throw-away results folder). Starting the process,
/// waiting for its exit and reading a connection to its end run on their own threads, so the waits hold no
/// cooperative thread that in-process servers of other suites need.
@Suite("Graceful shutdown of a real process", .serialized)
struct GracefulShutdownTests {
    /// A complete `/predict` request for `csv`, split at `split` bytes of its body.
    private static func predictRequest(_ csv: Data) -> (head: Data, body: Data) {
        var multipart = MultipartBody()
        multipart.file(csv, fileName: "sample.csv")
        let body = Data(multipart.closed.readableBytesView)
        let head = Data(("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=\(MultipartBody.boundary)\r\n"
            + "Content-Length: \(body.count)\r\n\r\n").utf8)
        return (head, body)
    }

    @Test("SIGTERM: new connections are refused, the request in flight is answered and saved, then the process exits 0")
    func finishesInFlight() async throws {
        let folder = try TemporaryFolder()
        let outputs = folder.path + "/json_outputs"
        let server = try await ServeProcess.launch(arguments: ["--outputs", outputs, "--public", folder.path, "--workers", "1", "--shutdown-grace", "30"])
        let (head, body) = Self.predictRequest(sampleCSV(count: 3600))
        let inFlight = try RawConnection(port: server.port, timeout: 30)
        inFlight.send(head)
        inFlight.send(body.prefix(body.count / 2))
        try await Task.sleep(for: .milliseconds(300))   // the server has the headers and is reading the body
        server.signal(SIGTERM)
        var refused = false
        for _ in 0..<50 where !refused {
            try await Task.sleep(for: .milliseconds(100))
            do { _ = try RawConnection(port: server.port) } catch let error as POSIXError where error.code == .ECONNREFUSED { refused = true }
        }
        #expect(refused, "the listening socket should close on SIGTERM")
        #expect(await server.exitStatus(within: 0.5) == nil, "the process must wait for the request in flight")
        inFlight.send(body.suffix(from: body.count / 2))
        let sent = Date()
        let response = await inFlight.receiveAllOffThePool()   // returns when the server closes the connection after answering
        #expect(firstStatus(response) == 200, "\(response.prefix(300))")
        #expect(Date().timeIntervalSince(sent) < 20, "the connection should close after the answer")
        let id = try #require(response.firstMatch(of: /"id":"([0-9a-f-]{36})"/).map { String($0.1) })
        #expect(await server.exitStatus(within: 20) == 0, "\(server.standardError)")
        let files = try FileManager.default.contentsOfDirectory(atPath: outputs)
        #expect(files.filter { $0.hasSuffix("-\(id).json") }.count == 1)
        #expect(files.allSatisfy { !$0.hasPrefix(".") })   // no half-written temporary file left
    }

    @Test("a request that never completes does not hold the exit past --shutdown-grace")
    func boundedGrace() async throws {
        let folder = try TemporaryFolder()
        let server = try await ServeProcess.launch(arguments: [
            "--outputs", folder.path + "/json_outputs", "--public", folder.path, "--workers", "1", "--shutdown-grace", "1",
        ])
        let (head, body) = Self.predictRequest(sampleCSV(count: 3600))
        let stuck = try RawConnection(port: server.port, timeout: 30)
        stuck.send(head)
        stuck.send(body.prefix(100))
        try await Task.sleep(for: .milliseconds(300))
        let signalled = Date()
        server.signal(SIGTERM)
        let status = await server.exitStatus(within: 15)
        #expect(status != nil, "still running 15 s after SIGTERM with a 1 s grace")
        #expect(Date().timeIntervalSince(signalled) < 10)
        withExtendedLifetime(stuck) {}
    }
}
#endif
