#if Service
import Synchronization

/// Runs one asynchronous call against a time limit, and answers at the limit even when the call does not stop.
///
/// A task group would wait for its cancelled child before returning, so a call that ignores cancellation (a
/// connection lease queued in a pool that is not serving yet, a socket that never answers) would hold its caller
/// past the limit. Here the call and the timer are unstructured tasks and the first of them to finish resumes the
/// caller; the other is cancelled and left to end on its own. Cancelling the caller answers `CancellationError`
/// at once and cancels both.
final class DeadlineRace<Value: Sendable>: Sendable {
    private enum State {
        case waiting
        case cancelledBeforeStart
        case running(CheckedContinuation<Value, any Error>, call: Task<Void, Never>, timer: Task<Void, Never>)
        case finished
    }

    private let state = Mutex(State.waiting)

    private init() {}

    /// The value of `call`, or `expired()` thrown once `limit` has passed first.
    /// - Parameters:
    ///   - limit: longest wait for `call`.
    ///   - expired: the error thrown at the limit.
    ///   - call: the work; cancelled at the limit or when the caller is cancelled.
    static func run(
        limit: Duration, expired: @escaping @Sendable () -> any Error,
        _ call: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let race = DeadlineRace()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.start(continuation, limit: limit, expired: expired, call: call)
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// Registers the caller and starts the call and its timer; a caller cancelled before this learns it at once.
    private func start(
        _ continuation: CheckedContinuation<Value, any Error>, limit: Duration,
        expired: @escaping @Sendable () -> any Error, call: @escaping @Sendable () async throws -> Value
    ) {
        let cancelled = state.withLock { state -> Bool in
            guard case .waiting = state else { return true }
            // Created under the lock, so neither task can deliver before the caller is registered.
            let callTask = Task {
                do { self.finish(.success(try await call())) } catch { self.finish(.failure(error)) }
            }
            let timerTask = Task {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                self.finish(.failure(expired()))
            }
            state = .running(continuation, call: callTask, timer: timerTask)
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
    }

    /// Delivers the first outcome and cancels both tasks; later outcomes are dropped.
    private func finish(_ outcome: Result<Value, any Error>) {
        let taken = state.withLock { state -> (CheckedContinuation<Value, any Error>, Task<Void, Never>, Task<Void, Never>)? in
            switch state {
            case .running(let continuation, let call, let timer):
                state = .finished
                return (continuation, call, timer)
            case .waiting:
                // Only the caller's cancellation arrives before the start.
                state = .cancelledBeforeStart
                return nil
            case .cancelledBeforeStart, .finished:
                return nil
            }
        }
        guard let (continuation, call, timer) = taken else { return }
        call.cancel()
        timer.cancel()
        continuation.resume(with: outcome)
    }
}
#endif
