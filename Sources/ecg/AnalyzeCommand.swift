import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg analyze FILE`: the analysis JSON on stdout; a progress bar on stderr when stderr is a terminal.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Analyse an ECG recording (CSV, NPY, WFDB .hea, EDF/EDF+, or an ECG image: PNG, JPEG, BMP) and print the result JSON.",
        discussion: "Recordings of any length are read; long ones (e.g. 24-hour Holter EDF files) are analysed in chunks in bounded memory, and those over one hour get a 'holter' summary.")

    @Argument(help: "The recording: .csv/.txt, .npy, a WFDB .hea (its .dat next to it), .edf, or an image of ECG paper (.png, .jpg, .bmp).")
    var file: String

    @Option(help: "Lead to analyse (default: MLII or II, else the first; for images the longest lead II, else the longest lead).")
    var lead: String?

    @Option(name: .customLong("sample-rate"), help: "Sample rate in Hz when the file does not state one (default 360).")
    var sampleRate: Double?

    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled Weights/ecg_model.h5).")
    var model: String?

    @Option(help: "Label classes (.npy); default: label_classes.npy next to the model.")
    var labels: String?

    @Option(help: "Beats listed: none, summary (beats not labelled normal, no RR list) or all (default: all up to one hour, summary beyond).")
    var beats: BeatListMode?

    @Flag(help: "Indent the JSON.")
    var pretty = false

    func run() async throws {
        do {
            let analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)
            var options = AnalysisOptions(lead: lead, sampleRate: sampleRate, beatList: beats)
            let bar: ProgressBar? = isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
            if let bar {
                options.progress = { @Sendable fraction in bar.show(fraction) }
            }
            let report = try analyzer.analyze(path: file, options: options)
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

/// A one-line text progress bar redrawn in place on stderr.
final class ProgressBar: Sendable {
    private let width = 40

    func show(_ fraction: Double) {
        let clamped = min(1, max(0, fraction))
        let filled = Int(clamped * Double(width))
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            + "] \(Int(clamped * 100)) %"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension BeatListMode: ExpressibleByArgument {}
