import Foundation
import Synchronization
import Testing
@testable import ECGAnalysis

/// ``AnalysisDeadline``: the analyzer stops between its stages once the deadline has passed, in the whole-record and
/// the chunked pipeline, and reports ``ECGAnalysisError/timedOut(limit:)``. Serialized and short: the analyses run
/// on the test's own (cooperative) thread.
@Suite(.serialized) struct AnalysisDeadlineTests {
    func recording(seconds: Double) -> ECGRecording {
        let times = SyntheticECG.regularTimes(bpm: 75, duration: seconds)
        let x = SyntheticECG.signal(
            duration: seconds, sampleRate: 360, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.02)
        return ECGRecording(leads: [ECGLead(name: "MLII", samples: x)], sampleRate: 360, sampleRateSource: .parameter, sourceFormat: "csv")
    }

    /// Progress values seen, and a callback that sleeps `pause` on its first call.
    final class ProgressLog: Sendable {
        let values = Mutex<[Double]>([])
        let pause: TimeInterval
        init(pause: TimeInterval) { self.pause = pause }
        var callback: @Sendable (Double) -> Void {
            { value in
                let first = self.values.withLock { values in
                    values.append(value)
                    return values.count == 1
                }
                if first { Thread.sleep(forTimeInterval: self.pause) }
            }
        }
        var seen: [Double] { values.withLock { $0 } }
    }

    @Test func passedDeadlineStopsBeforeAnyWork() throws {
        let log = ProgressLog(pause: 0)
        let deadline = AnalysisDeadline(after: .milliseconds(5), from: .now - .seconds(1))
        #expect(deadline.hasPassed)
        let recording = recording(seconds: 20)
        #expect(throws: ECGAnalysisError.timedOut(limit: .milliseconds(5))) {
            try TestModel.analyzer().analyze(recording, options: AnalysisOptions(progress: log.callback, deadline: deadline))
        }
        #expect(log.seen.isEmpty)
    }

    @Test func wholeRecordStopsAtTheNextStage() throws {
        // The first progress report (after R peaks) outlasts the deadline: the model never runs.
        let log = ProgressLog(pause: 0.4)
        let options = AnalysisOptions(progress: log.callback, deadline: AnalysisDeadline(after: .milliseconds(200)))
        let recording = recording(seconds: 20)
        #expect(throws: ECGAnalysisError.timedOut(limit: .milliseconds(200))) {
            try TestModel.analyzer().analyze(recording, options: options)
        }
        #expect(log.seen == [0.1])
    }

    @Test func chunkedPipelineStopsAfterTheCurrentChunk() throws {
        let log = ProgressLog(pause: 0.4)
        var options = AnalysisOptions(progress: log.callback, deadline: AnalysisDeadline(after: .milliseconds(200)))
        options.chunking = ChunkingParameters(
            wholeSignalLimit: 0, chunkSeconds: 12, marginSeconds: 3, segmentSeconds: 7200, modelBatchBeats: 64)
        let recording = recording(seconds: 60)
        #expect(throws: ECGAnalysisError.timedOut(limit: .milliseconds(200))) {
            try TestModel.analyzer().analyze(recording, options: options)
        }
        // Five chunks, three passes: stopped after the first chunk's report instead of running all 15 steps.
        #expect(log.seen.count == 1)
    }

    @Test func noDeadlineRunsToTheEnd() throws {
        let log = ProgressLog(pause: 0.05)
        let report = try TestModel.analyzer().analyze(recording(seconds: 20), options: AnalysisOptions(progress: log.callback))
        #expect(report.beats.count > 20)
        #expect(log.seen.last == 1)
    }

    @Test func errorMessageAndCode() {
        let error = ECGAnalysisError.timedOut(limit: .milliseconds(1500))
        #expect(error.code == "analysis_timeout")
        #expect(error.message == "the analysis did not finish within its time limit of 1.5 s and was stopped")
        #expect(ECGAnalysisError.timedOut(limit: .seconds(120)).message.contains("limit of 120 s"))
    }
}
