import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg report FILE --html OUT.html`: analyses the recording and writes one self-contained HTML page (heart-rate
/// trend, hourly and episode tables, HRV, event list, strips of the notable events on ECG paper).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Analyse an ECG recording and write a self-contained HTML report a person reads.",
        discussion: "Same inputs as 'ecg analyze'. The page has no scripts and loads nothing: CSS and SVG are inline. Strips of the longest pause, the fastest run, the first atrial-fibrillation onset and a normal stretch are read back from the recording range by range.")

    @OptionGroup var input: RecordingOptions

    @Option(name: .customLong("html"), help: "Where to write the HTML report.")
    var html: String

    func run() async throws {
        do {
            let analyzer = try input.analyzer()
            let bar = ProgressBar.forTerminal()
            let page = try analyzer.htmlReport(path: input.file, options: input.analysisOptions(beats: nil, progressBar: bar))
            bar?.finish()
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                throw ReportCommandError.cannotWrite(html)
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
