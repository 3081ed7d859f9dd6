#if Service
import Foundation

/// The result of one analysis.
public struct AnalysisOutcome<Report: Encodable & Sendable>: Sendable {
    /// The analysis report (`diagnosis`, `score`, `doctors_notes`, … for ``AnalysisReport``).
    public var report: Report
    /// The analysed lead, for plotting; nil when the engine has no trace to offer.
    public var trace: SignalTrace?
    /// Time the model itself took (for the `ecg_model_duration_seconds` metric); nil when the engine does not say.
    public var modelDuration: Duration?

    public init(report: Report, trace: SignalTrace? = nil, modelDuration: Duration? = nil) {
        self.report = report
        self.trace = trace
        self.modelDuration = modelDuration
    }
}
#endif
