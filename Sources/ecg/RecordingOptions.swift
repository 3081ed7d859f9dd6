import ArgumentParser
import ECGAnalysis

/// The input options `ecg analyze` and `ecg report` share: the recording, its lead and sample rate, the model.
struct RecordingOptions: ParsableArguments {
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

    /// The analyser for `--model` / `--labels`.
    func analyzer() throws -> ECGAnalyzer {
        try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)
    }

    /// Analysis options for `--lead` and `--sample-rate`, with a progress bar on stderr when it is a terminal.
    func analysisOptions(beats: BeatListMode?, progressBar: ProgressBar?) -> AnalysisOptions {
        var options = AnalysisOptions(lead: lead, sampleRate: sampleRate, beatList: beats)
        if let progressBar {
            options.progress = { @Sendable fraction in progressBar.show(fraction) }
        }
        return options
    }
}
