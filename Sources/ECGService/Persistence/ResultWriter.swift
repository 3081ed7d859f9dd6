#if Service
import Dispatch
import Foundation
import Synchronization

/// Saves results through a ``ResultFolder`` on its own threads, so analysis workers never wait for the disk.
///
/// Each save is still the store's full durable sequence (temporary file, fsync, link, fsync of the folder); running
/// several at once lets the file system merge their journal commits, which is what makes fsync-per-result affordable
/// (run one at a time, the fsync pair's latency would cap the server's results per second; docs/PERFORMANCE.md).
/// Until a result is on disk, ``pendingContents(_:)`` serves it from memory, so `GET /results/{id}` never misses.
/// At most `capacity` results wait; `enqueue` blocks beyond that, which backs up the analysis queue (→ 503)
/// instead of growing memory without bound.
public final class ResultWriter: Sendable {
    /// One queued save; `wait()` returns once the file is durable (or throws why it is not).
    public final class PendingSave: Sendable {
        private enum State {
            case waiting([CheckedContinuation<String, any Error>])
            case finished(Result<String, any Error>)
        }

        private let state = Mutex(State.waiting([]))

        /// The saved file's name once it is durable on disk.
        public func wait() async throws -> String {
            try await withCheckedThrowingContinuation { continuation in
                let finished = state.withLock { state -> Result<String, any Error>? in
                    switch state {
                    case .finished(let result):
                        return result
                    case .waiting(let waiters):
                        state = .waiting(waiters + [continuation])
                        return nil
                    }
                }
                if let finished { continuation.resume(with: finished) }
            }
        }

        fileprivate func finish(_ result: Result<String, any Error>) {
            let waiters = state.withLock { state -> [CheckedContinuation<String, any Error>] in
                guard case .waiting(let waiters) = state else { return [] }
                state = .finished(result)
                return waiters
            }
            for waiter in waiters { waiter.resume(with: result) }
        }
    }

    private struct Item {
        let id: ResultID
        let contents: Data
        let pending: PendingSave
    }

    private struct State {
        var queue: [Item?] = []          // FIFO; nil entries stop a writer thread
        var head = 0
        var inFlight: [ResultID: Data] = [:]
        var failures = 0
        var accepting = true
    }

    public let folder: ResultFolder
    private let state = Mutex(State())
    private let queued = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore
    private let threads: Int
    private let stopped = DispatchGroup()
    private let onFailure: @Sendable (ResultID, any Error) -> Void

    /// - Parameters:
    ///   - threads: saves run at once (mostly waiting in fsync, not using CPU).
    ///   - capacity: results allowed to wait for a writer before `enqueue` blocks.
    ///   - onFailure: told about a save that failed (for the log); the result's waiters get the error too.
    public init(
        folder: ResultFolder, threads: Int = 16, capacity: Int = 4096,
        onFailure: @escaping @Sendable (ResultID, any Error) -> Void = { _, _ in }
    ) {
        self.folder = folder
        self.threads = max(1, threads)
        self.room = DispatchSemaphore(value: max(1, capacity))
        self.onFailure = onFailure
        for index in 0..<self.threads {
            stopped.enter()
            let thread = Thread { [self] in
                writerLoop()
                stopped.leave()
            }
            thread.name = "ecg-results-\(index + 1)"
            thread.start()
        }
    }

    /// Queues a result (blocking while `capacity` results already wait) and returns its handle.
    /// - Throws: ``ServiceError/busy(retryAfterSeconds:)`` after ``shutdown()``.
    public func enqueue(_ contents: Data, id: ResultID) throws -> PendingSave {
        room.wait()
        let pending = PendingSave()
        let accepted = state.withLock { state -> Bool in
            guard state.accepting else { return false }
            state.queue.append(Item(id: id, contents: contents, pending: pending))
            state.inFlight[id] = contents
            return true
        }
        guard accepted else {
            room.signal()
            throw ServiceError.busy(retryAfterSeconds: 1)
        }
        queued.signal()
        return pending
    }

    /// The contents of a result that is queued or being written, nil once it is on disk (or unknown).
    public func pendingContents(_ id: ResultID) -> Data? {
        state.withLock { $0.inFlight[id] }
    }

    /// Results queued or being written, and saves that failed so far.
    public var load: (pending: Int, failures: Int) {
        state.withLock { ($0.inFlight.count, $0.failures) }
    }

    /// Writes everything queued, then stops the threads.
    public func shutdown() {
        let first = state.withLock { state -> Bool in
            defer { state.accepting = false }
            guard state.accepting else { return false }
            state.queue.append(contentsOf: [Item?](repeating: nil, count: threads))
            return true
        }
        guard first else { return }
        for _ in 0..<threads { queued.signal() }
        stopped.wait()
    }

    private func writerLoop() {
        while true {
            queued.wait()
            let next = state.withLock { state -> Item? in
                let item = state.queue[state.head]
                state.queue[state.head] = nil
                state.head += 1
                if state.head > 1024, state.head * 2 > state.queue.count {
                    state.queue.removeFirst(state.head)
                    state.head = 0
                }
                return item
            }
            guard let item = next else { return }
            let result = Result { try folder.save(item.contents, id: item.id) }
            state.withLock { state in
                state.inFlight[item.id] = nil
                if case .failure = result { state.failures += 1 }
            }
            room.signal()
            if case .failure(let error) = result { onFailure(item.id, error) }
            item.pending.finish(result)
        }
    }
}
#endif
