#if Service
import ECGAnalysis
import Foundation

/// The real engine behind the service: one loaded model, shared by every worker thread.
extension ECGAnalyzer: ECGAnalysisBackend {
    /// Reads the upload once, analyses it, and hands back the report plus the analysed lead for plotting.
    public func analyze(
        upload: Data, fileName: String, lead: String?, sampleRate: Double?, imageLimits: ImageDecodingLimits
    ) throws -> AnalysisOutcome<AnalysisReport> {
        let options = AnalysisOptions(lead: lead, sampleRate: sampleRate, imageLimits: imageLimits)
        let recording = try ECGFileReader.read(
            data: upload, fileName: fileName,
            options: ECGReadOptions(sampleRate: sampleRate, lead: lead, imageLimits: imageLimits))
        let analysed = try recording.lead(named: lead)
        let report = try analyze(recording, options: options)
        return AnalysisOutcome(
            report: report,
            trace: SignalTrace(lead: analysed.name, sampleRate: recording.sampleRate, samples: analysed.samples),
            modelDuration: .microseconds(Int64((report.timing.modelMs * 1000).rounded())))
    }

    /// The model description.
    public var debugInfo: ModelInfo { modelInfo }
}
#endif
