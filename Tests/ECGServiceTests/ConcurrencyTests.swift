#if Service
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Bounded queue and concurrent persistence")
struct ConcurrencyTests {
    @Test("a full queue answers 503 with Retry-After, and the queued work still completes")
    func queueFull() async throws {
        let backend = GatedBackend()
        try await withService(backend, configure: { $0.workers = 1; $0.queueDepth = 1 }) { service, client in
            let body = MultipartBody.upload(sampleCSV(count: 10), fileName: "a.csv")
            let accepted = Task {
                try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body).status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            // Wait until one analysis runs and one waits: the pool is then full.
            let deadline = ContinuousClock.now + .seconds(60)
            while service.pool.load != (waiting: 1, running: 1) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
            }
            guard service.pool.load == (waiting: 1, running: 1) else {
                // Never filled (a starved machine): let everything through so the test fails instead of hanging.
                Issue.record("the pool did not fill within 60 s: \(service.pool.load)")
                backend.release(3)
                _ = try? await accepted.value
                return
            }
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(response.body.errorCode == "busy")
            }
            backend.release(2)
            #expect(try await accepted.value == [.ok, .ok])
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).count == 2)
        }
    }

    @Test("50 parallel uploads give 50 distinct, complete, valid result files")
    func parallelUploadsPersistEverything() async throws {
        try await withService(CountingBackend(), configure: { $0.workers = 4; $0.queueDepth = 64 }) { service, client in
            let ids = try await withThrowingTaskGroup(of: (String, String).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let body = MultipartBody.upload(sampleCSV(count: 100 + index), fileName: "same-name.csv")
                        let response = try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body)
                        #expect(response.status == .ok)
                        let json = try #require(response.body.jsonObject)
                        return (try #require(json["id"] as? String), try #require(json["diagnosis"] as? String))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(ids.count == 50)
            let names = try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory)
            #expect(names.count == 50)
            #expect(!names.contains { $0.hasPrefix(".") })
            var diagnoses = Set<String>()
            for name in names {
                let data = try Data(contentsOf: URL(fileURLWithPath: service.resultsDirectory + "/" + name))
                let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                let id = try #require(json["id"] as? String)
                #expect(name.hasSuffix("-\(id).json"))
                #expect(ids[id] == json["diagnosis"] as? String)
                diagnoses.insert(try #require(json["diagnosis"] as? String))
            }
            #expect(diagnoses.count == 50)   // each upload's own result, none lost or duplicated
        }
    }

    @Test("write-behind: results are served at once and all reach the disk by shutdown")
    func writeBehind() async throws {
        try await withService(CountingBackend(), configure: { $0.durableResponses = false }) { service, client in
            var ids: [String] = []
            for index in 0..<20 {
                let body = MultipartBody.upload(sampleCSV(count: 10 + index), fileName: "a.csv")
                let response = try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body)
                #expect(response.status == .ok)
                let id = try #require(response.body.jsonObject?["id"] as? String)
                ids.append(id)
                try await client.execute(uri: "/results/\(id)", method: .get) { saved in
                    #expect(saved.status == .ok)
                    #expect(saved.body.jsonObject?["diagnosis"] as? String == "samples=\(10 + index)")
                }
            }
            service.shutdown()
            let names = try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory)
            #expect(Set(names.map { String($0.dropFirst(21).dropLast(5)) }) == Set(ids))
            #expect(service.writer.load == (pending: 0, failures: 0))
        }
    }

    @Test("a save that fails reaches the waiting request as a 500 and the failure count")
    func failedSave() async throws {
        try await withService(CountingBackend()) { service, client in
            let folder = service.resultsDirectory
            try FileManager.default.removeItem(atPath: folder)   // the store's folder vanishes under it
            let body = MultipartBody.upload(sampleCSV(count: 10), fileName: "a.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .internalServerError)
                #expect(response.body.errorCode == "internal_error")
                #expect(!String(buffer: response.body).contains(folder))
            }
            #expect(service.writer.load.failures == 1)
        }
    }

    @Test("the pool refuses work after shutdown instead of hanging")
    func shutdownRefuses() async throws {
        let pool = WorkerPool(workers: 2, queueDepth: 2)
        #expect(try await pool.run { 21 * 2 } == 42)
        pool.shutdown()
        await #expect(throws: ServiceError.busy(retryAfterSeconds: 1)) { try await pool.run { 1 } }
    }
}
#endif
