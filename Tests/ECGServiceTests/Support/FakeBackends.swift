#if Service
import Dispatch
import ECGAnalysis
import ECGService
import Foundation

/// Reads a CSV of numbers (one sample per line, last column) and reports the sample count and mean, so a test can
/// tell that the service handed over exactly the uploaded bytes.
struct CountingBackend: ECGAnalysisBackend {
    func analyze(
        upload: Data, fileName: String, options: ECGReadOptions, deadline: AnalysisDeadline?
    ) throws -> AnalysisOutcome<CountingReport> {
        let text = String(decoding: upload, as: UTF8.self)
        let values = text.split(whereSeparator: \.isNewline).compactMap { line in
            line.split(separator: ",").last.flatMap { Float($0.trimmingCharacters(in: .whitespaces)) }
        }
        guard !values.isEmpty else { throw ECGAnalysisError.invalidInput("no numeric samples in the file") }
        let lead = options.lead
        let rate = options.sampleRate ?? 360
        let report = CountingReport(
            diagnosis: "samples=\(values.count)", score: "0", doctorsNotes: "lead=\(lead ?? "default") file=\(fileName)")
        return AnalysisOutcome(
            report: report, trace: SignalTrace(lead: lead ?? "MLII", sampleRate: rate, samples: values))
    }

    var debugInfo: CountingModel { CountingModel() }
}

/// ``CountingBackend``'s report: `{"diagnosis", "doctors_notes", "score"}`.
struct CountingReport: Encodable, Sendable {
    var diagnosis: String
    var score: String
    var doctorsNotes: String
}

/// ``CountingBackend``'s model description.
struct CountingModel: Encodable, Sendable {
    var labels = ["F", "N", "Q", "S", "V"]
    var windowSamples = 256
    var sampleRateHz = 360.0
    var engineVersion = "test"
}

/// Always fails the same way.
struct FailingBackend: ECGAnalysisBackend {
    let error: any Error & Sendable

    func analyze(
        upload: Data, fileName: String, options: ECGReadOptions, deadline: AnalysisDeadline?
    ) throws -> AnalysisOutcome<CountingReport> {
        throw error
    }

    var debugInfo: CountingModel { CountingModel() }
}

/// An error whose text must never reach a client.
struct SecretInternalError: Error, CustomStringConvertible {
    var description: String { "failed to open /srv/secret/model.h5 at 0xdeadbeef" }
}

/// Blocks every analysis until `release()` — to fill the worker pool and its queue on purpose.
final class GatedBackend: ECGAnalysisBackend {
    private let gate = DispatchSemaphore(value: 0)
    private let inner = CountingBackend()

    func analyze(
        upload: Data, fileName: String, options: ECGReadOptions, deadline: AnalysisDeadline?
    ) throws -> AnalysisOutcome<CountingReport> {
        gate.wait()
        return try inner.analyze(upload: upload, fileName: fileName, options: options, deadline: deadline)
    }

    /// Lets `count` blocked (or future) analyses through.
    func release(_ count: Int) {
        for _ in 0..<count { gate.signal() }
    }

    var debugInfo: CountingModel { inner.debugInfo }
}
#endif
