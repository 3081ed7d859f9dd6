#if Service
import Foundation
import Logging
import PostgresNIO

/// Results in one PostgreSQL table, so every replica of the service serves every result:
///
///     CREATE TABLE ecg_results (id uuid PRIMARY KEY, created_at timestamptz NOT NULL, source text NOT NULL,
///                               result jsonb NOT NULL);
///     CREATE INDEX ecg_results_created_at ON ecg_results (created_at);
///
/// ``prepare()`` creates both when missing (under an advisory lock, so replicas starting together do not race).
/// ``save(_:)`` is one `INSERT` (autocommit): it returns once the row is committed, and a failure leaves no row
/// behind. Connections come from PostgresNIO's `PostgresClient` pool, which reconnects by itself; every call has a
/// deadline, and a database that is down or does not answer in time is ``ResultStoreError/unavailable(_:)``
/// (answered 503 with `Retry-After`). A row comes back as PostgreSQL prints `jsonb`: the same members and values,
/// keys in PostgreSQL's order.
public final class PostgresResultStore: ResultStore {
    public static let table = "ecg_results"

    public let url: DatabaseURL
    /// Longest wait for a connection plus the statement, per call.
    public let deadline: Duration
    public var kind: String { "postgres" }
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger

    /// Creates the connection pool and starts its background task (connections open on first use).
    /// - Parameters:
    ///   - deadline: per-call limit on waiting for a connection and the statement's answer.
    ///   - maximumConnections: pool size (connections this replica opens at most).
    public init(
        url: DatabaseURL, deadline: Duration = .seconds(5), maximumConnections: Int = 16,
        logger: Logger = Logger(label: "ecg.postgres")
    ) {
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = deadline
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.url = url
        self.deadline = deadline
        self.client = client
        self.logger = logger
        // Detached: the pool must outlive a graceful shutdown of the HTTP server (in-flight requests still save), so
        // it must not inherit the server's shutdown signal; ``shutdown()`` ends it.
        self.running = Task.detached { await client.run() }
    }

    /// Creates the table and index when missing, retrying while the database is unreachable.
    /// - Parameter patience: how long to keep retrying an unreachable database before giving up.
    /// - Throws: ``ResultStoreError/migrationFailed(_:)``.
    public func prepare(patience: Duration) async throws {
        let clock = ContinuousClock()
        let giveUp = clock.now.advanced(by: patience)
        while true {
            do {
                try await withDeadline {
                    try await self.client.withTransaction(logger: self.logger) { connection in
                        try await connection.query("SELECT pg_advisory_xact_lock(7731298365)", logger: self.logger)
                        try await connection.query(
                            """
                            CREATE TABLE IF NOT EXISTS ecg_results (
                                id uuid PRIMARY KEY, created_at timestamptz NOT NULL, source text NOT NULL,
                                result jsonb NOT NULL)
                            """, logger: self.logger)
                        try await connection.query(
                            "CREATE INDEX IF NOT EXISTS ecg_results_created_at ON ecg_results (created_at)",
                            logger: self.logger)
                    }
                }
                return
            } catch {
                let failure = Self.classify(error)
                guard case ResultStoreError.unavailable? = failure as? ResultStoreError, clock.now < giveUp else {
                    throw ResultStoreError.migrationFailed("\(failure)")
                }
                logger.warning("database not reachable yet; retrying", metadata: ["database": "\(url)"])
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    public func prepare() async throws {
        try await prepare(patience: .seconds(30))
    }

    public func save(_ result: StoredResult) async throws {
        guard let uuid = UUID(uuidString: result.id.description) else {
            throw ResultStoreError.corrupt("result id \(result.id) is not a UUID")
        }
        let created = Date(timeIntervalSince1970: Double(result.id.milliseconds) / 1000)
        let source = result.source
        let json = String(decoding: result.contents, as: UTF8.self)
        do {
            _ = try await withDeadline {
                try await self.client.query(
                    """
                    INSERT INTO ecg_results (id, created_at, source, result)
                    VALUES (\(uuid), \(created), \(source), \(json)::jsonb)
                    """, logger: self.logger)
            }
        } catch {
            throw Self.classify(error)
        }
    }

    public func load(_ id: ResultID) async throws -> Data? {
        guard let uuid = UUID(uuidString: id.description) else { return nil }
        do {
            return try await withDeadline { () -> Data? in
                let rows = try await self.client.query(
                    "SELECT result::text FROM ecg_results WHERE id = \(uuid)", logger: self.logger)
                var found: Data?
                for try await text in rows.decode(String.self) { found = Data(text.utf8) }
                return found
            }
        } catch {
            throw Self.classify(error)
        }
    }

    /// Rows in the table (for tests and tools).
    public func count() async throws -> Int {
        do {
            return try await withDeadline {
                let rows = try await self.client.query("SELECT count(*) FROM ecg_results", logger: self.logger)
                var total = 0
                for try await count in rows.decode(Int.self) { total = count }
                return total
            }
        } catch {
            throw Self.classify(error)
        }
    }

    /// Closes the pool's connections (in the background; calls after this fail as unavailable).
    public func shutdown() {
        running.cancel()
    }

    // MARK: - Errors and deadlines

    /// What a failed call means for the client: ``ResultStoreError/unavailable(_:)`` when the database could not be
    /// reached, did not answer in time, or refused for a reason that passes (SQLSTATE classes 08 connection, 53
    /// resources, 57 operator intervention); ``ResultStoreError/corrupt(_:)`` for a row that does not decode; the
    /// error itself otherwise (a 500).
    static func classify(_ error: any Error) -> any Error {
        switch error {
        case let error as ResultStoreError:
            return error
        case let error as PSQLError:
            if error.code == .server {
                let state = error.serverInfo?[.sqlState] ?? ""
                if ["08", "53", "57"].contains(String(state.prefix(2))) {
                    return ResultStoreError.unavailable("the database refused: \(error.serverInfo?[.message] ?? state)")
                }
                return error
            }
            if error.code == .messageDecodingFailure || error.code == .unexpectedBackendMessage { return error }
            return ResultStoreError.unavailable("\(error.code)")
        case let error as PostgresDecodingError:
            return ResultStoreError.corrupt("\(error.targetType) from \(error.postgresType)")
        default:
            // The pool's own failures (its circuit breaker after repeated failed connects, shutdown) and cancellation.
            return ResultStoreError.unavailable(String(describing: error))
        }
    }

    /// Runs `work` with ``deadline``; past it the call is ``ResultStoreError/unavailable(_:)`` at once and `work` is
    /// cancelled (a connection still being waited for is given back; a statement already sent finishes on the
    /// server). The caller never waits for `work` to notice the cancellation.
    private func withDeadline<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let deadline = self.deadline
        return try await DeadlineRace.run(
            limit: deadline, expired: { ResultStoreError.unavailable("no answer from the database within \(deadline)") },
            work)
    }
}
#endif
