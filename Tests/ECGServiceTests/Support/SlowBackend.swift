#if Service
import ECGAnalysis
import ECGService
import Foundation
import Synchronization

/// Takes `duration` per analysis, in 10 ms steps; `cooperative` checks the deadline between steps (as the real
/// analyzer does between its stages), otherwise it ignores it and runs to the end. Counts the steps it ran.
final class SlowBackend: ECGAnalysisBackend {
    let duration: Duration
    let cooperative: Bool
    private let stepsRun = Mutex(0)
    private let inner = CountingBackend()

    init(duration: Duration, cooperative: Bool) {
        self.duration = duration
        self.cooperative = cooperative
    }

    /// 10 ms steps run so far, over every analysis.
    var steps: Int { stepsRun.withLock { $0 } }

    func analyze(
        upload: Data, fileName: String, options: ECGReadOptions, deadline: AnalysisDeadline?
    ) throws -> AnalysisOutcome<CountingReport> {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            if cooperative { try deadline?.check() }
            Thread.sleep(forTimeInterval: 0.01)
            stepsRun.withLock { $0 += 1 }
        }
        return try inner.analyze(upload: upload, fileName: fileName, options: options, deadline: deadline)
    }

    var debugInfo: CountingModel { inner.debugInfo }
}
#endif
