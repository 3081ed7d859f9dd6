#if Service
import Foundation

/// A database store that also keeps every result as a file in a local folder (`ecg serve --database-url … --outputs
/// DIR`): saves go to both at once and succeed only when both do; reads come from the primary (the database), so any
/// replica serves any result and the folder is a per-machine copy.
public final class MirroredResultStore: ResultStore {
    public let primary: any ResultStore
    public let copy: FileResultStore
    public var kind: String { primary.kind }

    public init(primary: any ResultStore, copy: FileResultStore) {
        self.primary = primary
        self.copy = copy
    }

    public func save(_ result: StoredResult) async throws {
        async let copied: Void = copy.save(result)
        try await primary.save(result)
        try await copied
    }

    public func load(_ id: ResultID) async throws -> Data? {
        try await primary.load(id)
    }

    public func prepare() async throws {
        try await primary.prepare()
        try await copy.prepare()
    }

    public func shutdown() {
        copy.shutdown()
        primary.shutdown()
    }
}
#endif
