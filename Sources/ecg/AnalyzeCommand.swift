import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg analyze FILE`: the analysis JSON on stdout; a progress bar on stderr when stderr is a terminal.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an ECG recording (CSV, NPY, WFDB .hea, EDF/EDF+, or an ECG image: PNG, JPEG, BMP) and print the result JSON.",
        discussion: "Recordings of any length are read; long ones (e.g. 24-hour Holter EDF files) are analysed in chunks in bounded memory, and those over one hour get a 'holter' summary.")

    @OptionGroup var input: RecordingOptions

    @Option(help: "Beats listed: none, summary (beats not labelled normal, no RR list) or all (default: all up to one hour, summary beyond).")
    var beats: BeatListMode?

    @Flag(help: "Indent the JSON.")
    var pretty = false

    func run() async throws {
        do {
            let analyzer = try input.analyzer()
            let bar = ProgressBar.forTerminal()
            let report = try analyzer.analyze(path: input.file, options: input.analysisOptions(beats: beats, progressBar: bar))
            bar?.finish()
            var json = try report.jsonData(prettyPrinted: pretty)
            json.append(0x0A)
            FileHandle.standardOutput.write(json)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
