#if Service
import ECGAnalysis
import Foundation

/// The real engine behind the service: one loaded model, shared by every worker thread.
extension ECGAnalyzer: ECGAnalysisBackend {
    /// Reads the upload once within `options`' limits, analyses it before `deadline`, and hands back the report plus
    /// the analysed lead for plotting.
    public func analyze(
        upload: Data, fileName: String, options: ECGReadOptions, deadline: AnalysisDeadline?
    ) throws -> AnalysisOutcome<AnalysisReport> {
        let analysis = AnalysisOptions(
            lead: options.lead, sampleRate: options.sampleRate, imageLimits: options.imageLimits, deadline: deadline)
        let recording = try ECGFileReader.read(data: upload, fileName: fileName, options: options)
        let analysed = try recording.lead(named: options.lead)
        let report = try analyze(recording, options: analysis)
        return AnalysisOutcome(
            report: report,
            trace: SignalTrace(lead: analysed.name, sampleRate: recording.sampleRate, samples: analysed.samples),
            modelDuration: .microseconds(Int64((report.timing.modelMs * 1000).rounded())))
    }

    /// The model description.
    public var debugInfo: ModelInfo { modelInfo }
}
#endif
