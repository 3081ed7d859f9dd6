#if Service
@testable import ECGService
import Synchronization
import Testing

/// The store's per-call deadline: the caller is answered at the limit even by a call that ignores cancellation.
@Suite("Deadline race", .timeLimit(.minutes(1)))
struct DeadlineRaceTests {
    @Test("a call that finishes in time gives its value; its error passes through unchanged")
    func finishesInTime() async throws {
        let value = try await DeadlineRace.run(limit: .seconds(30), expired: { ResultStoreError.unavailable("late") }) { 42 }
        #expect(value == 42)
        await #expect(throws: ResultStoreError.corrupt("bad row")) {
            try await DeadlineRace<Int>.run(limit: .seconds(30), expired: { ResultStoreError.unavailable("late") }) {
                throw ResultStoreError.corrupt("bad row")
            }
        }
    }

    @Test("past the limit the caller gets the expiry error while the call, deaf to cancellation, is still waiting")
    func answersWithoutWaitingForTheCall() async throws {
        let gate = Gate()
        let call = Task {
            try await DeadlineRace<String>.run(limit: .milliseconds(50), expired: { ResultStoreError.unavailable("late") }) {
                await gate.wait()   // ignores cancellation: only `open()` ends it
                return "too late"
            }
        }
        // With a task group this would wait for the gate, which only opens after the result: the test would hang.
        await #expect(throws: ResultStoreError.unavailable("late")) { try await call.value }
        #expect(gate.waiters == 1)
        gate.open()
    }

    @Test("cancelling the caller answers CancellationError at once")
    func callerCancelled() async throws {
        let gate = Gate()
        let call = Task {
            try await DeadlineRace<Int>.run(limit: .seconds(600), expired: { ResultStoreError.unavailable("late") }) {
                await gate.wait()
                return 1
            }
        }
        while gate.waiters == 0 { await Task.yield() }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        gate.open()
        // Already cancelled before it starts: the call is not awaited either.
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await DeadlineRace<Int>.run(limit: .seconds(600), expired: { ResultStoreError.unavailable("late") }) {
                await Gate().wait()
                return 2
            }
        }
        await #expect(throws: CancellationError.self) { try await early.value }
    }
}

/// A wait that only `open()` ends (cancellation does not).
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>], count: Int)>((false, [], 0))

    var waiters: Int { state.withLock { $0.count } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                state.count += 1
                guard !state.open else { return true }
                state.waiting.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
#endif
