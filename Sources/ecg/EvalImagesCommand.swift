import ArgumentParser
import ECGAnalysis
import Foundation
#if Service
import ECGService
#endif

/// `ecg eval images --data DIR`: every image in a folder through the `/predict` path (decode → digitize → analyse);
/// each must give an analysis with a plausible heart rate or a clear 4xx, never a crash or a 500.
struct EvalImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Analyse every ECG image in a folder and tabulate the outcome (heart rate or the 4xx and its reason).",
        discussion: """
            For each .png/.jpg/.jpeg/.bmp in the folder: the analysis as POST /predict runs it, then one Markdown \
            row with the image size, the digitization (layout, leads, analysed lead, confidence), the heart rate or \
            the HTTP status and message the service would answer, and the time spent reading (decode + digitize) \
            and in total. A heart rate counts as plausible from 30 to 220 bpm. The exit status is non-zero when any \
            image ends in a 5xx or an implausible heart rate.
            """)

    @Option(help: "Folder of ECG images.")
    var data: String

    @Option(help: "Keras model file.")
    var model = "Weights/ecg_model.h5"

    @Option(help: "Label classes (.npy); default: label_classes.npy next to the model.")
    var labels: String?

    static let plausibleRate = 30.0...220.0

    func run() async throws {
        let analyzer = try ECGAnalyzer(modelPath: model, labelsPath: labels)
        let files = try FileManager.default.contentsOfDirectory(atPath: data)
            .filter { ImageFormat(fileExtension: URL(fileURLWithPath: $0).pathExtension) != nil }.sorted()
        guard !files.isEmpty else { throw ValidationError("no .png/.jpg/.jpeg/.bmp files in '\(data)'") }
        print("| image | size (px) | outcome | heart rate | layout | leads | analysed lead | confidence | read ms | total ms |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        var analysed = 0, refused = 0, failures = 0
        for file in files {
            let url = URL(fileURLWithPath: data).appendingPathComponent(file)
            let bytes = try Data(contentsOf: url)
            let start = ContinuousClock.now
            do {
                let report = try analyzer.analyze(data: bytes, fileName: file)
                let total = ContinuousClock.now - start
                let rate = report.heartRate.meanBPM
                let plausible = rate.map { Self.plausibleRate.contains($0) } ?? false
                if plausible { analysed += 1 } else { failures += 1 }
                let d = report.digitized
                let lead = d.map { "\($0.leads[$0.analysedLeadIndex].name) (\(report.signal.durationS) s)" } ?? report.signal.lead
                print("| \(file) | \(d.map { "\($0.image.width)×\($0.image.height)" } ?? "–") | 200\(plausible ? "" : " (implausible rate)") | "
                    + "\(rate.map { String(format: "%.0f bpm", $0) } ?? "none") | \(d?.layout ?? "–") | \(d?.leads.count ?? 0) | \(lead) | "
                    + "\(d.map { String(format: "%.2f", $0.confidence) } ?? "–") | \(String(format: "%.0f", report.timing.readMs)) | "
                    + "\(Self.milliseconds(total)) |")
            } catch let error as ECGAnalysisError {
                let status = Self.status(of: error)
                if status >= 500 { failures += 1 } else { refused += 1 }
                let message = error.message.replacingOccurrences(of: "|", with: "/")
                print("| \(file) | – | \(status) `\(error.code)`: \(message) | – | – | – | – | – | – | \(Self.milliseconds(ContinuousClock.now - start)) |")
            }
        }
        print("\n\(files.count) images: \(analysed) analysed with a plausible heart rate, \(refused) refused with a 4xx, \(failures) failures (5xx or implausible rate).")
        if failures > 0 { throw ExitCode.failure }
    }

    /// The HTTP status `/predict` answers for `error`.
    static func status(of error: ECGAnalysisError) -> Int {
        #if Service
        return Int(ServiceError.analysis(error).status.code)
        #else
        switch error {
        case .invalidInput: return 400
        case .unsupportedFormat: return 415
        case .unanalysableSignal: return 422
        case .modelFailure: return 500
        case .timedOut: return 503
        case .imageDecoding(let failure):
            switch failure {
            case .tooLarge, .decodedTooLarge: return 413
            case .unrecognizedFormat, .unsupportedVariant: return 415
            case .invalidDimensions, .truncated, .malformed: return 422
            }
        }
        #endif
    }

    static func milliseconds(_ d: Duration) -> String {
        String(format: "%.0f", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15)
    }
}
