#if Service
import Foundation

/// The default store: one JSON file per result in a folder on this machine (``ResultFolder``), written by a
/// ``ResultWriter`` on its own threads.
///
/// Durable mode (default) returns from ``save(_:)`` once the file and its folder entry are fsynced; write-behind
/// returns at once and serves the result from memory until its file is on disk.
public final class FileResultStore: ResultStore {
    public let writer: ResultWriter
    /// Whether ``save(_:)`` waits for the file to be durable.
    public let durable: Bool
    public var kind: String { "file" }
    public var folder: ResultFolder { writer.folder }

    /// Opens (creating it when missing) the folder and starts the writer threads.
    /// - Parameter onFailure: told about every save that failed (for the log).
    public init(
        directory: String, durable: Bool,
        onFailure: @escaping @Sendable (ResultID, any Error) -> Void = { _, _ in }
    ) throws {
        self.writer = ResultWriter(folder: try ResultFolder(directory: directory), onFailure: onFailure)
        self.durable = durable
    }

    public func save(_ result: StoredResult) async throws {
        let pending = try writer.enqueue(result.contents, id: result.id)
        if durable { _ = try await pending.wait() }
    }

    public func load(_ id: ResultID) async throws -> Data? {
        if let pending = writer.pendingContents(id) { return pending }
        return try folder.load(id)
    }

    public func prepare() async throws {}

    public func shutdown() {
        writer.shutdown()
    }
}
#endif
