import Foundation

/// The plans of a model whose declared inputs leave sizes open (e.g. `(None, None, 1)`): one per concrete set of input
/// shapes, compiled on first use and kept (at most `limit`; the cache starts over beyond). At load the graph is
/// compiled once with every open size set to `probeSize`, so that an unplannable layer is an error there.
final class OpenShapePlans: @unchecked Sendable {
    static let probeSize = 256
    static let limit = 64
    private let spec: GraphSpec
    private let lock = NSLock()
    private var runners: [[[Int]]: PlanRunner] = [:]

    init(spec: GraphSpec, declared: [[Int?]]) throws {
        self.spec = spec
        let probe = declared.map { $0.dropFirst().map { $0 ?? Self.probeSize } }
        _ = try Model.compile(spec, inputShapes: probe)
    }

    /// The runner for per-sample input shapes `shapes` (compiled now when new).
    func runner(for shapes: [[Int]]) throws -> PlanRunner {
        lock.lock()
        defer { lock.unlock() }
        if let runner = runners[shapes] { return runner }
        let runner = PlanRunner(plan: try Model.compile(spec, inputShapes: shapes))
        if runners.count >= Self.limit { runners.removeAll() }
        runners[shapes] = runner
        return runner
    }
}
