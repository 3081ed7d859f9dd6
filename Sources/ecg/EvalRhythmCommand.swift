import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg eval rhythm --data DIR`: the rhythm detector on fixed-length segments of every MIT-BIH record, scored
/// against the rhythm annotations (segment accuracy, AF segment, episode and duration Se/+P). Markdown on stdout.
struct EvalRhythmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rhythm", abstract: "Score rhythm calls on MIT-BIH segments against the rhythm annotations.")

    @Option(help: "Folder with the MIT-BIH records (NAME.hea, NAME.dat, NAME.atr).")
    var data: String

    @Option(help: "Segment length in seconds.")
    var segment: Double = 30

    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled Weights/ecg_model.h5).")
    var model: String?

    @Option(help: "Label classes (.npy); default: label_classes.npy next to the model.")
    var labels: String?

    @Option(help: "Records to evaluate, comma-separated (default: every NAME.hea with a NAME.atr).")
    var records: String?

    typealias Category = RhythmEpisodeScoring.Category

    func run() async throws {
        try EvalSupport.requireDataFolder(data)
        let analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)
        let names = try EvalSupport.recordNames(in: data, only: records)
        var confusion: [Category: [Category: Int]] = [:]
        var afTotal = RhythmEpisodeScoring.Agreement()
        var perRecord: [(String, RhythmEpisodeScoring.Agreement, Int, Int)] = []
        let start = ContinuousClock.now
        for name in names {
            FileHandle.standardError.write(Data("rhythm \(name)\n".utf8))
            let base = URL(fileURLWithPath: data).appendingPathComponent(name).path
            let recording = try ECGFileReader.read(path: base + ".hea", options: .init())
            let lead = try recording.lead(named: nil)
            let annotations = try WFDBAnnotationReader.read(path: base + ".atr")
            let changes = annotations.compactMap { a in a.auxNote.map { (sample: a.sample, note: $0) } }
            let reference = RhythmEpisodeScoring.referenceEpisodes(changes: changes, length: lead.samples.count)
            let length = Int(segment * recording.sampleRate)
            var detected: [RhythmEpisodeScoring.Episode] = []
            var correct = 0, total = 0
            var offset = 0
            while length > 0, offset + length <= lead.samples.count {
                let slice = ECGRecording(
                    leads: [ECGLead(name: lead.name, samples: Array(lead.samples[offset..<(offset + length)]))],
                    sampleRate: recording.sampleRate, sampleRateSource: .file, sourceFormat: recording.sourceFormat)
                let call: Category
                do {
                    let report = try analyzer.analyze(slice)
                    call = Category(rhythm: report.rhythm, beatCount: report.beats.count)
                } catch let error as ECGAnalysisError {
                    guard case .unanalysableSignal = error else { throw error }
                    call = .unanalysable
                }
                let truth = RhythmEpisodeScoring.majority(of: reference, start: offset, end: offset + length)
                confusion[truth, default: [:]][call, default: 0] += 1
                if truth == call { correct += 1 }
                total += 1
                detected.append(.init(start: offset, end: offset + length, category: call))
                offset += length
            }
            // Score AF over the segmented span only.
            let clipped = reference.compactMap { e -> RhythmEpisodeScoring.Episode? in
                let end = min(e.end, offset)
                return end > e.start ? .init(start: e.start, end: end, category: e.category) : nil
            }
            let af = RhythmEpisodeScoring.agreement(reference: clipped, detected: detected, category: .atrialFibrillation)
            afTotal = afTotal + af
            perRecord.append((name, af, correct, total))
        }
        let seconds = (ContinuousClock.now - start).components.seconds
        print(Self.markdown(confusion: confusion, af: afTotal, perRecord: perRecord, segment: segment, rate: 360))
        print("\nEvaluated \(names.count) records in \(seconds) s.")
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a" }

    static func markdown(
        confusion: [Category: [Category: Int]], af: RhythmEpisodeScoring.Agreement,
        perRecord: [(String, RhythmEpisodeScoring.Agreement, Int, Int)], segment: Double, rate: Double
    ) -> String {
        var lines: [String] = []
        let total = confusion.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        let correct = Category.allCases.reduce(0) { $0 + (confusion[$1]?[$1] ?? 0) }
        lines.append("Segments: \(total) × \(Int(segment)) s; segment accuracy \(percent(total > 0 ? Double(correct) / Double(total) : nil)) (reference = the rhythm covering most of the segment).")
        lines.append("")
        lines.append("AF (atrial fibrillation):")
        lines.append("")
        lines.append("| measure | value |")
        lines.append("|---|---|")
        lines.append("| episode Se (\(af.referenceDetected)/\(af.referenceEpisodes) reference episodes overlapped) | \(percent(af.episodeSensitivity)) |")
        lines.append("| episode +P (\(af.detectedTrue)/\(af.detectedEpisodes) detected episodes overlapping) | \(percent(af.episodePositivePredictivity)) |")
        lines.append("| duration Se | \(percent(af.durationSensitivity)) |")
        lines.append("| duration +P | \(percent(af.durationPositivePredictivity)) |")
        lines.append("")
        let present = Category.allCases.filter { c in confusion[c] != nil || confusion.values.contains { $0[c] != nil } }
        lines.append("Segment confusion (rows reference, columns detected):")
        lines.append("")
        lines.append("| reference \\ detected | " + present.map(\.rawValue).joined(separator: " | ") + " | Se |")
        lines.append("|---|" + present.map { _ in "---:|" }.joined() + "---:|")
        for row in present where confusion[row] != nil {
            let counts = present.map { confusion[row]?[$0] ?? 0 }
            let rowTotal = counts.reduce(0, +)
            let se = rowTotal > 0 ? Double(confusion[row]?[row] ?? 0) / Double(rowTotal) : nil
            lines.append("| \(row.rawValue) | " + counts.map(String.init).joined(separator: " | ") + " | \(percent(se)) |")
        }
        lines.append("")
        lines.append("Per record with AF in the reference or the detection:")
        lines.append("")
        lines.append("| record | AF ref episodes | detected | AF duration Se | AF duration +P | segment accuracy |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for (name, a, correct, total) in perRecord where a.referenceEpisodes + a.detectedEpisodes > 0 {
            lines.append("| \(name) | \(a.referenceEpisodes) | \(a.detectedEpisodes) | \(percent(a.durationSensitivity)) | \(percent(a.durationPositivePredictivity)) | \(percent(total > 0 ? Double(correct) / Double(total) : nil)) |")
        }
        return lines.joined(separator: "\n")
    }
}

/// Shared helpers of the evaluation commands.
enum EvalSupport {
    /// Fails the command (one line on stderr, exit 1) unless `folder` is a directory: an evaluation that scored
    /// nothing must not look like one that passed.
    static func requireDataFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            FileHandle.standardError.write(Data("error: data folder '\(folder)' not found (pass --data DIR)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Record names (NAME of NAME.hea with a NAME.atr) in `folder`, sorted; or the given comma-separated list.
    static func recordNames(in folder: String, only: String?) throws -> [String] {
        if let only { return only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw ValidationError("cannot list the data folder '\(folder)'")
        }
        let set = Set(files)
        let names = files.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) }.filter { set.contains($0 + ".atr") }
        guard !names.isEmpty else { throw ValidationError("no WFDB records with .atr annotations in '\(folder)'") }
        return names.sorted()
    }
}
