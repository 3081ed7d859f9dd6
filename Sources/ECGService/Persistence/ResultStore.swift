#if Service
import Foundation

/// Where `/predict` keeps its results and `GET /results/{id}` finds them.
///
/// Two implementations: ``FileResultStore`` (JSON files in one folder on this machine, the default) and
/// ``PostgresResultStore`` (one table shared by every replica). ``MirroredResultStore`` writes a database and a
/// folder at once. Implementations are shared by every request, so they must be safe to call concurrently.
public protocol ResultStore: Sendable {
    /// Short name for logs and metric labels (`file`, `postgres`, …).
    var kind: String { get }

    /// Keeps `result`. Returns once the store's durability promise holds (file fsynced, row committed); a
    /// write-behind store may return earlier and must then serve the result from memory until it is saved.
    /// - Throws: ``ResultStoreError/unavailable(_:)`` when the store cannot be reached (answered 503, nothing kept),
    ///   ``ServiceError/busy(retryAfterSeconds:)`` when it is shutting down, other errors for failed saves.
    func save(_ result: StoredResult) async throws

    /// The saved JSON object for `id`, or nil when there is no such result.
    func load(_ id: ResultID) async throws -> Data?

    /// Makes the store ready (creates folders or tables); called once before the server accepts requests.
    func prepare() async throws

    /// Finishes saves still queued and releases files or connections; called once after the server stopped.
    func shutdown()
}

/// One result as a store receives it.
public struct StoredResult: Sendable {
    /// The result's id (its creation time is ``ResultID/milliseconds``).
    public var id: ResultID
    /// The client's file name of the upload (clipped to 255 bytes), kept for reference; never used as a path.
    public var source: String
    /// The saved JSON object: `{"id", "saved_as", …report}`.
    public var contents: Data

    public init(id: ResultID, source: String, contents: Data) {
        self.id = id
        self.source = source
        self.contents = contents
    }
}

/// Why a store could not keep or return a result.
public enum ResultStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The store cannot be reached right now (database down, pool exhausted past the deadline); nothing was kept.
    case unavailable(String)
    /// The store answered with something this service did not write (a row that is not a JSON object).
    case corrupt(String)
    /// A database URL that cannot be used (message says why).
    case invalidDatabaseURL(String)
    /// The table could not be created or checked on start.
    case migrationFailed(String)
    /// Neither a database nor a results folder was configured.
    case noStore

    public var description: String {
        switch self {
        case .unavailable(let reason): return "the result store is unavailable: \(reason)"
        case .corrupt(let reason): return "the result store returned an unusable result: \(reason)"
        case .invalidDatabaseURL(let reason): return "invalid database URL: \(reason)"
        case .migrationFailed(let reason): return "cannot prepare the results table: \(reason)"
        case .noStore: return "no result store: give a database URL, a results folder, or both"
        }
    }
}
#endif
