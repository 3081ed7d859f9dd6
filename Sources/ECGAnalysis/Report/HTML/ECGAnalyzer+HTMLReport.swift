import Foundation

extension ECGAnalyzer {
    /// Analyses a file as ``analyze(path:options:)`` does, with every beat listed (`options.beatList` is
    /// ignored: the trend and the strips need every beat), and renders the HTML report (``HTMLReport``).
    ///
    /// The strips' signal is read back from the recording range by range: an EDF file or a single-file WFDB record
    /// through its memory map (only the strips' ranges), other formats from the recording already read for the
    /// analysis.
    /// `fileName` is what the report's header names (default: the last path component).
    public func htmlReport(path: String, options: AnalysisOptions = .init(), fileName: String? = nil) throws -> String {
        var options = options
        options.beatList = .all
        let report: AnalysisReport
        let source: RecordingSource
        if let ranged = try Self.rangeSource(path: path, options: options.readOptions) {
            report = try analyze(path: path, options: options)
            source = ranged
        } else {
            let start = ContinuousClock.now
            var readOptions = options.readOptions
            readOptions.maxSamples = 1 << 31
            let recording = try ECGFileReader.read(path: path, options: readOptions)
            report = try analyze(recording, options: options, readTime: ContinuousClock.now - start)
            source = InMemoryRecordingSource(recording)
        }
        let strips = try StripReader.strips(for: StripEvent.select(from: report), report: report, source: source)
        return HTMLReport.render(
            report: report, fileName: fileName ?? URL(fileURLWithPath: path).lastPathComponent, strips: strips)
    }
}
