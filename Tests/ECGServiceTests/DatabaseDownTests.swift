#if Service
@testable import ECGService
import Foundation
import HummingbirdTesting
import Testing

/// The PostgreSQL store when no server answers (a closed loopback port): needs no database, so it always runs.
@Suite("PostgreSQL result store with the database down")
struct DatabaseDownTests {
    @Test("a database that is down: /predict and /results answer 503 with Retry-After, nothing is kept")
    func databaseDown() async throws {
        var configuration = ServiceConfiguration()
        configuration.port = 0
        configuration.workers = 1
        configuration.outputsDirectory = nil
        configuration.databaseDeadline = .milliseconds(500)
        configuration.databaseURL = try DatabaseURL("postgresql://nobody@127.0.0.1:\(try closedPort())/ecg?sslmode=disable")
        let service = try ECGHTTPService(backend: CountingBackend(), configuration: configuration)
        defer { service.shutdown() }
        try await service.buildApplication().test(.router) { client in
            let body = MultipartBody.upload(sampleCSV(count: 20), fileName: "a.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "2")
                #expect(response.body.errorCode == "store_unavailable")
                #expect(!String(buffer: response.body).contains("127.0.0.1"))
            }
            try await client.execute(uri: "/results/\(ResultID())", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.errorCode == "store_unavailable")
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains(#"ecg_result_store_errors_total{store="postgres",reason="unavailable"} 2"#))
            }
        }
    }

    @Test("a database that is unreachable at start fails the migration after its patience, with a clear message")
    func migrationGivesUp() async throws {
        let url = try DatabaseURL("postgresql://nobody@127.0.0.1:\(try closedPort())/ecg?sslmode=disable")
        let store = PostgresResultStore(url: url, deadline: .milliseconds(300))
        defer { store.shutdown() }
        let error = await #expect(throws: ResultStoreError.self) { try await store.prepare(patience: .seconds(1)) }
        #expect(error?.description.hasPrefix("cannot prepare the results table: the result store is unavailable") == true)
    }
}
#endif
