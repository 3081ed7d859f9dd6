#if Service
import Dispatch
import Foundation
import Synchronization

/// A fixed set of worker threads with a bounded waiting queue, so blocking, CPU-bound analysis never runs on the
/// event loop or on Swift's cooperative pool. A job submitted while `queueDepth` jobs are already waiting is refused
/// at once (``ServiceError/busy(retryAfterSeconds:)``) instead of piling up.
public final class WorkerPool: Sendable {
    private typealias Job = @Sendable () -> Void

    private struct State {
        var waiting: [Job?] = []          // FIFO ring; nil entries are stop markers
        var head = 0
        var running = 0
        var accepting = true
        var waitingCount: Int { waiting.count - head }
    }

    /// Number of worker threads.
    public let workers: Int
    /// Most jobs allowed to wait for a worker.
    public let queueDepth: Int
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()

    /// Starts `workers` threads (at least 1); `queueDepth` may be 0 (only idle workers take jobs).
    public init(workers: Int, queueDepth: Int, name: String = "ecg-analysis") {
        self.workers = max(1, workers)
        self.queueDepth = max(0, queueDepth)
        for index in 0..<self.workers {
            finished.enter()
            let thread = Thread { [self] in
                workerLoop()
                finished.leave()
            }
            thread.name = "\(name)-\(index + 1)"
            thread.start()
        }
    }

    /// Jobs waiting and running right now.
    public var load: (waiting: Int, running: Int) {
        state.withLock { ($0.waitingCount, $0.running) }
    }

    /// Runs `work` on a worker thread and returns its result.
    /// - Throws: ``ServiceError/busy(retryAfterSeconds:)`` when the queue is full or the pool is shut down,
    ///   else whatever `work` throws.
    public func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let job: Job = { continuation.resume(with: Result { try work() }) }
            let accepted = state.withLock { state -> Bool in
                guard state.accepting, state.running + state.waitingCount < workers + queueDepth else { return false }
                state.waiting.append(job)
                return true
            }
            if accepted {
                available.signal()
            } else {
                continuation.resume(throwing: ServiceError.busy(retryAfterSeconds: 1))
            }
        }
    }

    /// Stops accepting jobs, lets queued jobs finish, and waits for the threads to exit.
    public func shutdown() {
        let alreadyStopped = state.withLock { state -> Bool in
            defer { state.accepting = false }
            guard state.accepting else { return true }
            state.waiting.append(contentsOf: [Job?](repeating: nil, count: workers))
            return false
        }
        guard !alreadyStopped else { return }
        for _ in 0..<workers { available.signal() }
        finished.wait()
    }

    private func workerLoop() {
        while true {
            available.wait()
            let next: Job? = state.withLock { state in
                let job = state.waiting[state.head]
                state.waiting[state.head] = nil
                state.head += 1
                if state.head > 1024, state.head * 2 > state.waiting.count {
                    state.waiting.removeFirst(state.head)
                    state.head = 0
                }
                if job != nil { state.running += 1 }
                return job
            }
            guard let job = next else { return }
            job()
            state.withLock { $0.running -= 1 }
        }
    }
}
#endif
