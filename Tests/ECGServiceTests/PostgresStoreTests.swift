#if Service
@testable import ECGService
import Foundation
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

/// The PostgreSQL store against a real server: `ECG_TEST_DATABASE_URL` names it (`.ci/run` starts a throw-away
/// cluster with tools/scaleout/pg_cluster.sh and sets it). Without the variable these tests are skipped. Serialized:
/// one test ends every other connection to the server.
@Suite(
    "PostgreSQL result store",
    .serialized,
    .enabled(
        if: PostgresTestDatabase.url != nil,
        "ECG_TEST_DATABASE_URL is not set: start a cluster with `tools/scaleout/pg_cluster.sh start DIR` and export the URL it prints"))
struct PostgresStoreTests {
    @Test("the migration creates the table and index, and running it again (from two replicas at once) is harmless")
    func migration() async throws {
        let first = try PostgresTestDatabase.store()
        let second = try PostgresTestDatabase.store()
        defer { first.shutdown(); second.shutdown() }
        async let a: Void = first.prepare()
        async let b: Void = second.prepare()
        _ = try await (a, b)
        try await first.prepare()
        let columns = try await PostgresTestDatabase.strings(
            "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_name = 'ecg_results' ORDER BY ordinal_position")
        #expect(columns == ["id:uuid", "created_at:timestamp with time zone", "source:text", "result:jsonb"])
        let indexes = try await PostgresTestDatabase.strings("SELECT indexname FROM pg_indexes WHERE tablename = 'ecg_results' ORDER BY indexname")
        #expect(indexes == ["ecg_results_created_at", "ecg_results_pkey"])
    }

    @Test("a saved result comes back with the same members and values, its row holds id, time and source")
    func roundTrip() async throws {
        let store = try PostgresTestDatabase.store()
        defer { store.shutdown() }
        try await store.prepare()
        let id = ResultID()
        let contents = Data(#"{"id":"\#(id)","score":{"value":42,"level":"low"},"beats":[1,2.5,-0.001],"note":"é \"q\"","none":null}"#.utf8)
        try await store.save(StoredResult(id: id, source: "record 100.csv", contents: contents))
        let loaded = try #require(try await store.load(id))
        #expect(try JSONSerialization.jsonObject(with: loaded) as? NSDictionary == JSONSerialization.jsonObject(with: contents) as? NSDictionary)
        let row = try await PostgresTestDatabase.strings(
            "SELECT source || '|' || (extract(epoch from created_at) * 1000)::bigint FROM ecg_results WHERE id = '\(id)'")
        #expect(row == ["record 100.csv|\(id.milliseconds)"])
        #expect(try await store.load(ResultID()) == nil)
        // Saving the same id twice is a failure of the save (a 500), not an unreachable store (a 503).
        let again = await #expect(throws: (any Error).self) {
            try await store.save(StoredResult(id: id, source: "x", contents: Data(#"{"a":1}"#.utf8)))
        }
        #expect(!(again is ResultStoreError))
        #expect(try #require(try await store.load(id)).count == loaded.count)
    }

    @Test("two services on one database: a result posted to one is served by the other")
    func twoReplicas() async throws {
        let first = try PostgresTestDatabase.service()
        let second = try PostgresTestDatabase.service()
        defer { first.shutdown(); second.shutdown() }
        try await first.prepare()
        try await second.prepare()
        #expect(first.fileStore == nil)
        let id = try await first.buildApplication().test(.router) { client in
            let body = MultipartBody.upload(sampleCSV(count: 40), fileName: "a.csv")
            let response = try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body)
            #expect(response.status == .ok)
            return try #require(response.body.jsonObject?["id"] as? String)
        }
        // The row is committed before the answer: it is there the moment the response is.
        #expect(try await PostgresTestDatabase.strings("SELECT source FROM ecg_results WHERE id = '\(id)'") == ["a.csv"])
        try await second.buildApplication().test(.router) { client in
            try await client.execute(uri: "/results/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.jsonObject?["id"] as? String == id)
                #expect(response.body.jsonObject?["diagnosis"] as? String == "samples=40")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"ecg_http_requests_total{method="GET",route="/results/{id}",status="200"} 1"#))
            }
        }
    }

    @Test("with a database and a folder, each result is in both; reads come from the database")
    func mirrored() async throws {
        let folder = try TemporaryFolder()
        let service = try PostgresTestDatabase.service { $0.outputsDirectory = folder.path + "/json_outputs" }
        defer { service.shutdown() }
        try await service.prepare()
        #expect(service.store is MirroredResultStore)
        defer { withExtendedLifetime(folder) {} }
        try await service.buildApplication().test(.router) { client in
            let body = MultipartBody.upload(sampleCSV(count: 30), fileName: "b.csv")
            let response = try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body)
            #expect(response.status == .ok)
            let id = try #require(response.body.jsonObject?["id"] as? String)
            let savedAs = try #require(response.body.jsonObject?["saved_as"] as? String)
            let files = try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).filter { !$0.hasPrefix(".") }
            #expect(files == [savedAs])
            #expect(try await PostgresTestDatabase.strings("SELECT source FROM ecg_results WHERE id = '\(id)'") == ["b.csv"])
        }
    }

    @Test("connections the server drops are replaced by the pool: at most the calls in flight fail, as 503s")
    func reconnects() async throws {
        let store = try PostgresTestDatabase.store(maximumConnections: 2)
        defer { store.shutdown() }
        try await store.prepare()
        try await store.save(StoredResult(id: ResultID(), source: "a", contents: Data(#"{"n":1}"#.utf8)))
        // Ends every other connection to the server, as a database restart or failover would.
        let ended = try await PostgresTestDatabase.strings(
            "SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        #expect(Int(ended.first ?? "0") ?? 0 >= 1)
        // Each of the pool's two dropped connections can fail at most the one call that finds it closed.
        var saved: [ResultID] = []
        var refused: [ResultID] = []
        for attempt in 0..<5 {
            let id = ResultID()
            do {
                try await store.save(StoredResult(id: id, source: "after \(attempt)", contents: Data(#"{"n":2}"#.utf8)))
                saved.append(id)
            } catch let error as ResultStoreError {
                guard case .unavailable = error else { throw error }
                refused.append(id)
            }
        }
        #expect(saved.count >= 3)
        for id in saved { #expect(try await store.load(id) != nil) }
        for id in refused { #expect(try await store.load(id) == nil) }   // a refused save left nothing behind
    }
}

/// The test database named by `ECG_TEST_DATABASE_URL`.
enum PostgresTestDatabase {
    static var url: String? {
        ProcessInfo.processInfo.environment["ECG_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static func store(maximumConnections: Int = 4) throws -> PostgresResultStore {
        PostgresResultStore(url: try DatabaseURL(try #require(url)), maximumConnections: maximumConnections)
    }

    /// A service keeping results in the test database only (unless `configure` adds a folder).
    static func service(configure: (inout ServiceConfiguration) -> Void = { _ in }) throws -> ECGHTTPService {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.workers = 2
        configuration.outputsDirectory = nil
        configuration.databaseURL = try DatabaseURL(try #require(url))
        configuration.databaseConnections = 4
        configure(&configuration)
        return try ECGHTTPService(backend: CountingBackend(), configuration: configuration)
    }

    /// Runs `sql` on a connection of its own and returns the first column of every row as text; a database that does
    /// not answer within 20 s fails the test instead of holding the run.
    static func strings(_ sql: String) async throws -> [String] {
        let client = PostgresClient(
            configuration: try DatabaseURL(try #require(url)).clientConfiguration, backgroundLogger: Logger(label: "test"))
        let running = Task.detached { await client.run() }
        defer { running.cancel() }
        return try await DeadlineRace.run(limit: .seconds(20), expired: { ResultStoreError.unavailable("test query: \(sql)") }) {
            var values: [String] = []
            let rows = try await client.query(PostgresQuery(unsafeSQL: sql))
            for try await value in rows.decode(String.self) { values.append(value) }
            return values
        }
    }
}

/// A loopback port nothing listens on (bound, then closed).
func closedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    try withUnsafeMutablePointer(to: &address) { pointer in
        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            guard bind(descriptor, raw, length) == 0, getsockname(descriptor, raw, &length) == 0 else {
                throw POSIXError(.EADDRINUSE)
            }
        }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
#endif
