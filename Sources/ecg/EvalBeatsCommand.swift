import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg eval beats --data DIR`: end-to-end beat labels (our R peaks + our model, as the report gives them: V read as
/// N where the recording's dominant beat overrules it, S inside atrial fibrillation or flutter read as N) on the
/// MIT-BIH DS2 records, matched to the reference beats within 150 ms; per-class AAMI Se and +P, and the same with the
/// model's own labels. Markdown on stdout.
struct EvalBeatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beats", abstract: "Score end-to-end beat labels on MIT-BIH DS2 against the reference annotations.")

    /// de Chazal et al. (2004) DS2: the inter-patient test set.
    static let ds2 = [
        "100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210", "212", "213", "214", "219", "221",
        "222", "228", "231", "232", "233", "234",
    ]

    @Option(help: "Folder with the MIT-BIH records (NAME.hea, NAME.dat, NAME.atr).")
    var data: String

    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled Weights/ecg_model.h5).")
    var model: String?

    @Option(help: "Label classes (.npy); default: label_classes.npy next to the model.")
    var labels: String?

    @Option(help: "Records, comma-separated (default: DS2).")
    var records: String?

    @Option(help: "Matching window, milliseconds.")
    var tolerance: Double = 150

    func run() async throws {
        try EvalSupport.requireDataFolder(data)
        let analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)
        let names = records.map { $0.split(separator: ",").map(String.init) } ?? Self.ds2
        var confusion = BeatLabelScoring.Confusion()
        // The same beats with the model's own labels (`model_label` where the analysis reads a beat otherwise).
        var model = BeatLabelScoring.Confusion()
        var totalTime = 0.0
        for name in names {
            FileHandle.standardError.write(Data("beats \(name)\n".utf8))
            let base = URL(fileURLWithPath: data).appendingPathComponent(name).path
            let report = try analyzer.analyze(path: base + ".hea")
            totalTime += report.timing.totalMs
            let reference = try WFDBAnnotationReader.read(path: base + ".atr")
                .filter { Self.aamiSymbols[$0.symbol] != nil }
                .map { (sample: $0.sample, aami: Self.aamiSymbols[$0.symbol] ?? .unknown) }
            let window = Int((tolerance / 1000 * report.signal.sampleRateHz).rounded())
            confusion.add(
                reference: reference, detected: report.beats.map { (sample: $0.sample, aami: AAMIClass(modelLabel: $0.label)) },
                tolerance: window)
            model.add(
                reference: reference,
                detected: report.beats.map { (sample: $0.sample, aami: AAMIClass(modelLabel: $0.modelLabel ?? $0.label)) },
                tolerance: window)
        }
        print(Self.markdown(confusion, records: names.count, tolerance: tolerance))
        let percent = Self.percent
        print("""

            Reference beats labelled right: \(percent(confusion.accuracy)).
            With the model's own labels (no dominant-beat check, S inside atrial fibrillation or flutter left as S): \
            S Se \(percent(model.sensitivity(.supraventricular))), +P \(percent(model.positivePredictivity(.supraventricular))); \
            N Se \(percent(model.sensitivity(.normal))), +P \(percent(model.positivePredictivity(.normal))); \
            reference beats labelled right \(percent(model.accuracy)).
            """)
        print("\nMean analysis time per record: \(String(format: "%.1f", totalTime / Double(max(1, names.count)))) ms.")
    }

    /// AAMI classes of MIT-BIH beat annotations (the training tool's mapping); other symbols are not beats here.
    static let aamiSymbols: [String: AAMIClass] = [
        "N": .normal, "L": .normal, "R": .normal, "e": .normal, "j": .normal,
        "A": .supraventricular, "a": .supraventricular, "J": .supraventricular, "S": .supraventricular,
        "V": .ventricular, "E": .ventricular, "F": .fusion, "/": .unknown, "f": .unknown, "Q": .unknown,
    ]

    /// A fraction as the tables print it ("n/a" when undefined).
    static func percent(_ v: Double?) -> String { v.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a" }

    static func markdown(_ c: BeatLabelScoring.Confusion, records: Int, tolerance: Double) -> String {
        let classes: [AAMIClass] = [.normal, .supraventricular, .ventricular, .fusion, .unknown]
        var lines = ["\(records) records, reference beats matched within \(Int(tolerance)) ms.", ""]
        lines.append("| class | reference beats | missed | Se | +P |")
        lines.append("|---|---:|---:|---:|---:|")
        for k in classes {
            let row = classes.reduce(0) { $0 + (c.counts[k]?[$1] ?? 0) } + (c.missed[k] ?? 0)
            lines.append("| \(k.rawValue) | \(row) | \(c.missed[k] ?? 0) | \(percent(c.sensitivity(k))) | \(percent(c.positivePredictivity(k))) |")
        }
        lines.append("")
        lines.append("Confusion (rows reference, columns the reported label; last column missed beats; last row unmatched detections):")
        lines.append("")
        lines.append("| ref \\ reported | " + classes.map(\.rawValue).joined(separator: " | ") + " | missed |")
        lines.append("|---|" + classes.map { _ in "---:|" }.joined() + "---:|")
        for k in classes {
            lines.append("| \(k.rawValue) | " + classes.map { String(c.counts[k]?[$0] ?? 0) }.joined(separator: " | ") + " | \(c.missed[k] ?? 0) |")
        }
        lines.append("| unmatched | " + classes.map { String(c.extra[$0] ?? 0) }.joined(separator: " | ") + " | |")
        return lines.joined(separator: "\n")
    }
}
