import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg eval rhythm`: rhythm names scored on MIT-BIH (30-s segments against the rhythm annotations; the episodes of
/// whole records against the annotated rhythm time, EC57 duration Se/+P for AF and for every other rhythm) and on
/// PTB-XL records (rhythm statements of `scp_codes`), on a fixed tune / test split (``RhythmSplit``). Markdown on
/// stdout.
struct EvalRhythmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rhythm", abstract: "Score rhythm names on MIT-BIH segments and episodes and on PTB-XL records.")

    @Option(help: "Folder with the MIT-BIH records (NAME.hea, NAME.dat, NAME.atr).")
    var data: String?

    @Option(help: "Folder with PTB-XL (ptbxl_database.csv and records500/).")
    var ptbxl: String?

    @Option(help: "Which half: tune, test or all.")
    var split: String = "test"

    @Option(help: "Segment length in seconds.")
    var segment: Double = 30

    @Flag(help: "Skip the whole-record episode scoring on MIT-BIH.")
    var noEpisodes = false

    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled Weights/ecg_model.h5).")
    var model: String?

    @Option(help: "Label classes (.npy); default: label_classes.npy next to the model.")
    var labels: String?

    @Option(help: "MIT-BIH records to evaluate, comma-separated (default: the split's records present in --data).")
    var records: String?

    @Option(help: "Write one tab-separated line of evidence per segment / record to this file.")
    var dump: String?

    @Flag(help: "Analyse MIT-BIH records on the analysed lead alone (default: every lead, as `ecg analyze` reads them).")
    var singleLead = false

    typealias Category = RhythmEpisodeScoring.Category

    /// One MIT-BIH record's scores.
    struct RecordScore {
        var name: String
        var af: RhythmEpisodeScoring.Agreement?
        var correct: Int
        var total: Int
        var main: String
        /// Whole-record episodes: reference time detected as its own rhythm and all reference time, samples (nil
        /// without episodes).
        var time: (right: Int, total: Int)?
    }

    /// Whole-record episodes of every MIT-BIH record, summed: time in samples (every MIT-BIH record is 360 Hz).
    struct EpisodeTotals {
        var time: [Category: [Category: Int]] = [:]
        var agreement: [Category: RhythmEpisodeScoring.Agreement] = [:]
        var sampleRate: Double = 0
    }

    func validate() throws {
        guard data != nil || ptbxl != nil else { throw ValidationError("pass --data (MIT-BIH) and/or --ptbxl") }
        guard RhythmSplit(rawValue: split) != nil else { throw ValidationError("--split must be tune, test or all") }
    }

    func run() async throws {
        let split = RhythmSplit(rawValue: split) ?? .test
        let analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)
        var dumpLines = ["source\trecord\tstart_s\treference\tdetected\tcode\t" + EvidenceRow.header]
        let start = ContinuousClock.now
        print("Split: \(split.rawValue)\(data == nil ? "" : singleLead ? "; MIT-BIH on the analysed lead alone" : "; MIT-BIH on every lead").\n")
        if let data {
            try EvalSupport.requireDataFolder(data)
            let names = try EvalSupport.recordNames(in: data, only: records).filter { records != nil || split.includesMITBIH($0) }
            try mitdb(analyzer: analyzer, folder: data, names: names, dump: &dumpLines)
        }
        if let ptbxl {
            try EvalSupport.requireDataFolder(ptbxl)
            try self.ptbxl(analyzer: analyzer, folder: ptbxl, split: split, dump: &dumpLines)
        }
        if let dump { try dumpLines.joined(separator: "\n").appending("\n").write(toFile: dump, atomically: true, encoding: .utf8) }
        print("\nRun time \((ContinuousClock.now - start).components.seconds) s.")
    }

    // MARK: MIT-BIH

    func mitdb(analyzer: ECGAnalyzer, folder: String, names: [String], dump: inout [String]) throws {
        var confusion: [Category: [Category: Int]] = [:]
        var episodes = EpisodeTotals()
        var perRecord: [RecordScore] = []
        for name in names {
            FileHandle.standardError.write(Data("rhythm \(name)\n".utf8))
            let base = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            let recording = try ECGFileReader.read(path: base + ".hea", options: .init())
            let lead = try recording.lead(named: nil)
            // The analysed lead first (the analyzer picks it by name either way), then the others unless --single-lead.
            let leads = [lead] + (singleLead ? [] : recording.leads.filter { $0.name != lead.name })
            let annotations = try WFDBAnnotationReader.read(path: base + ".atr")
            let changes = annotations.compactMap { a in a.auxNote.map { (sample: a.sample, note: $0) } }
            let reference = RhythmEpisodeScoring.referenceEpisodes(changes: changes, length: lead.samples.count)
            let length = Int(segment * recording.sampleRate)
            var correct = 0, total = 0, offset = 0
            var calls: [Category: Int] = [:]
            while length > 0, offset + length <= lead.samples.count {
                let slice = ECGRecording(
                    leads: leads.map { ECGLead(name: $0.name, samples: Array($0.samples[offset..<(offset + length)])) },
                    sampleRate: recording.sampleRate, sampleRateSource: .file, sourceFormat: recording.sourceFormat)
                let truth = RhythmEpisodeScoring.majority(of: reference, start: offset, end: offset + length)
                let call: Category
                var code = "-", row = EvidenceRow.empty
                do {
                    let report = try analyzer.analyze(slice)
                    call = Category(rhythm: report.rhythm)
                    code = Self.name(report.rhythm)
                    row = EvidenceRow.line(report.rhythm.evidence)
                } catch let error as ECGAnalysisError {
                    guard case .unanalysableSignal = error else { throw error }
                    call = .unanalysable
                }
                confusion[truth, default: [:]][call, default: 0] += 1
                calls[call, default: 0] += 1
                if truth == call { correct += 1 }
                total += 1
                dump.append("mitdb\t\(name)\t\(Double(offset) / recording.sampleRate)\t\(truth.rawValue)\t\(call.rawValue)\t\(code)\t\(row)")
                offset += length
            }
            let main = calls.max { $0.value < $1.value }?.key.rawValue ?? "-"
            var score = RecordScore(name: name, correct: correct, total: total, main: main)
            if !noEpisodes {
                // The whole record analysed at once; its episodes against the reference episodes (EC57 for AF).
                let whole = ECGRecording(
                    leads: leads, sampleRate: recording.sampleRate, sampleRateSource: .file, sourceFormat: recording.sourceFormat)
                let report = try analyzer.analyze(whole)
                let detected = report.rhythm.episodes.filter { $0.code != .pause }.map {
                    RhythmEpisodeScoring.Episode(
                        start: Int(($0.startS * recording.sampleRate).rounded()), end: Int(($0.endS * recording.sampleRate).rounded()),
                        category: Category(code: $0.code))
                }
                for category in Category.allCases {
                    let agreement = RhythmEpisodeScoring.agreement(reference: reference, detected: detected, category: category)
                    episodes.agreement[category, default: .init()] = episodes.agreement[category, default: .init()] + agreement
                    if category == .atrialFibrillation { score.af = agreement }
                }
                let time = RhythmEpisodeScoring.durationConfusion(reference: reference, detected: detected)
                for (truth, row) in time {
                    for (call, samples) in row { episodes.time[truth, default: [:]][call, default: 0] += samples }
                }
                score.time = Self.ownCategoryTime(time)
                episodes.sampleRate = recording.sampleRate
            }
            perRecord.append(score)
        }
        print(Self.markdown(confusion: confusion, episodes: noEpisodes ? nil : episodes, perRecord: perRecord, segment: segment))
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a" }
    static func ratio(_ a: Int, _ b: Int) -> String { "\(a)/\(b) = \(percent(b > 0 ? Double(a) / Double(b) : nil))" }

    static func markdown(
        confusion: [Category: [Category: Int]], episodes: EpisodeTotals?, perRecord: [RecordScore], segment: Double
    ) -> String {
        var lines: [String] = []
        let total = confusion.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        let correct = Category.allCases.reduce(0) { $0 + (confusion[$1]?[$1] ?? 0) }
        let undetermined = confusion.values.reduce(0) { $0 + ($1[.undetermined] ?? 0) }
        lines.append("MIT-BIH, \(perRecord.count) records, \(total) segments × \(Int(segment)) s (reference = the annotated rhythm covering most of the segment).")
        lines.append("")
        lines.append("| measure | value |")
        lines.append("|---|---|")
        lines.append("| segment accuracy (undetermined counts as wrong) | \(ratio(correct, total)) |")
        lines.append("| segments called undetermined | \(ratio(undetermined, total)) |")
        lines.append("| accuracy on determined segments | \(ratio(correct, total - undetermined)) |")
        for c in [Category.atrialFibrillation, .paced, .atrialFlutter] {
            let row = confusion[c] ?? [:]
            let detected = confusion.values.reduce(0) { $0 + ($1[c] ?? 0) }
            lines.append("| \(c.rawValue) segment Se / +P | \(ratio(row[c] ?? 0, row.values.reduce(0, +))) / \(ratio(row[c] ?? 0, detected)) |")
        }
        if let af = episodes?.agreement[.atrialFibrillation] {
            lines.append("| AF episodes of whole records: duration Se | \(percent(af.durationSensitivity)) |")
            lines.append("| AF duration +P | \(percent(af.durationPositivePredictivity)) |")
            lines.append("| AF episode Se (reference episodes overlapped) | \(ratio(af.referenceDetected, af.referenceEpisodes)) |")
            lines.append("| AF episode +P (detected episodes overlapping) | \(ratio(af.detectedTrue, af.detectedEpisodes)) |")
        }
        lines.append("")
        lines.append("Segment confusion (rows reference, columns detected):")
        lines.append("")
        lines += confusionTable(confusion, cell: String.init)
        if let episodes { lines += wholeRecordTables(episodes) }
        lines.append("")
        lines.append("<details><summary>Per record</summary>")
        lines.append("")
        lines.append("| record | segments right | most frequent call | AF ref / detected episodes | AF duration Se | AF duration +P | episode time right |")
        lines.append("|---|---:|---|---:|---:|---:|---:|")
        for r in perRecord {
            let afText = r.af.map { "\($0.referenceEpisodes) / \($0.detectedEpisodes) | \(percent($0.durationSensitivity)) | \(percent($0.durationPositivePredictivity))" } ?? "– | – | –"
            let time = r.time.map { percent($0.total > 0 ? Double($0.right) / Double($0.total) : nil) } ?? "–"
            lines.append("| \(r.name) | \(r.correct)/\(r.total) | \(r.main) | \(afText) | \(time) |")
        }
        lines.append("")
        lines.append("</details>")
        return lines.joined(separator: "\n")
    }

    /// Whole-record episodes of every rhythm: per category the EC57 duration and episode Se / +P, and how each
    /// reference rhythm's time divides among the detected rhythms (minutes).
    static func wholeRecordTables(_ episodes: EpisodeTotals) -> [String] {
        let minutes = { (samples: Int) in String(format: "%.1f", Double(samples) / max(episodes.sampleRate, 1) / 60) }
        var lines = ["", "Whole records, every rhythm (each record analysed once; its `rhythm.episodes` against the annotated rhythm time; time no episode covers counts as undetermined):", ""]
        lines.append("| rhythm | reference min | detected min | duration Se | duration +P | episode Se | episode +P |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        for c in Category.allCases {
            guard let a = episodes.agreement[c], a.referenceDuration > 0 || a.detectedDuration > 0 else { continue }
            lines.append("| \(c.rawValue) | \(minutes(a.referenceDuration)) | \(minutes(a.detectedDuration)) | \(percent(a.durationSensitivity)) | \(percent(a.durationPositivePredictivity)) | \(ratio(a.referenceDetected, a.referenceEpisodes)) | \(ratio(a.detectedTrue, a.detectedEpisodes)) |")
        }
        let (right, total) = ownCategoryTime(episodes.time)
        lines.append("")
        lines.append("Time in the reference rhythm's own category: \(minutes(right)) of \(minutes(total)) min = \(percent(total > 0 ? Double(right) / Double(total) : nil)). Minutes of each reference rhythm (rows) by detected rhythm (columns):")
        lines.append("")
        return lines + confusionTable(episodes.time, cell: minutes)
    }

    /// Of a time confusion table (`table[reference][detected]`), the time detected as its own rhythm and all time.
    static func ownCategoryTime(_ table: [Category: [Category: Int]]) -> (right: Int, total: Int) {
        (table.reduce(0) { $0 + ($1.value[$1.key] ?? 0) }, table.values.reduce(0) { $0 + $1.values.reduce(0, +) })
    }

    /// A confusion table (rows reference, columns detected, only categories that occur) with each row's Se; `cell`
    /// writes a count.
    static func confusionTable(_ table: [Category: [Category: Int]], cell: (Int) -> String) -> [String] {
        let present = Category.allCases.filter { c in table[c] != nil || table.values.contains { $0[c] != nil } }
        var lines = ["| reference \\ detected | " + present.map(\.rawValue).joined(separator: " | ") + " | Se |"]
        lines.append("|---|" + present.map { _ in "---:|" }.joined() + "---:|")
        for row in present where table[row] != nil {
            let counts = present.map { table[row]?[$0] ?? 0 }
            let rowTotal = counts.reduce(0, +)
            let se = rowTotal > 0 ? Double(table[row]?[row] ?? 0) / Double(rowTotal) : nil
            lines.append("| \(row.rawValue) | " + counts.map(cell).joined(separator: " | ") + " | \(percent(se)) |")
        }
        return lines
    }

    /// The rhythm code, with "+first_degree_av_block" when the sinus rhythm carries one.
    static func name(_ rhythm: RhythmAssessment) -> String {
        rhythm.code.rawValue + (rhythm.firstDegreeAVBlock == nil ? "" : "+first_degree_av_block")
    }

    // MARK: PTB-XL

    func ptbxl(analyzer: ECGAnalyzer, folder: String, split: RhythmSplit, dump: inout [String]) throws {
        typealias Family = PTBXLRhythmStatement.Family
        typealias Subtype = PTBXLRhythmStatement.SinusSubtype
        let csvPath = URL(fileURLWithPath: folder).appendingPathComponent("ptbxl_database.csv").path
        let rows = try PTBXLDatabase.rows(path: csvPath)
        var family: [Family: [Family: Int]] = [:]
        var subtype: [Subtype: [Subtype: Int]] = [:]
        var wrong: [String] = []
        var scored = 0
        for row in rows where split.includesPTBXL(row.ecgID) {
            guard let truth = PTBXLRhythmStatement(scpCodes: row.scpCodes) else { continue }
            let path = URL(fileURLWithPath: folder).appendingPathComponent(row.fileHR + ".hea").path
            guard FileManager.default.fileExists(atPath: path) else { continue }
            FileHandle.standardError.write(Data("ptbxl \(row.ecgID)\n".utf8))
            let report = try analyzer.analyze(path: path)
            let code = report.rhythm.code
            let detected = Family(code: code)
            family[truth.family, default: [:]][detected, default: 0] += 1
            scored += 1
            var line = "\(row.ecgID) (\(truth.statement)): \(Self.name(report.rhythm))"
            if let t = truth.sinusSubtype, truth.family == .sinus {
                let d = Subtype(code: code)
                if let d { subtype[t, default: [:]][d, default: 0] += 1 }
                if d != t { line += " — subtype" }
            }
            if detected != truth.family || (truth.family == .sinus && Subtype(code: code) != truth.sinusSubtype) {
                wrong.append(line + " — " + report.rhythm.rule)
            }
            dump.append("ptbxl\t\(row.ecgID)\t0\t\(truth.statement)\t\(detected.rawValue)\t\(Self.name(report.rhythm))\t\(EvidenceRow.line(report.rhythm.evidence))")
        }
        let familyRight = Family.allCases.reduce(0) { $0 + (family[$1]?[$1] ?? 0) }
        let sinusTotal = family[.sinus]?.values.reduce(0, +) ?? 0
        let subtypeRight = Subtype.allCases.reduce(0) { $0 + (subtype[$1]?[$1] ?? 0) }
        var lines = ["", "PTB-XL, \(scored) records (10 s, 500 Hz, lead II analysed; reference = the rhythm statement of `scp_codes`)."]
        lines.append("")
        lines.append("| measure | value |")
        lines.append("|---|---|")
        lines.append("| rhythm family agrees (sinus / afib / aflutter / paced / other) | \(Self.ratio(familyRight, scored)) |")
        lines.append("| sinus subtype agrees (normal / brady / tachy / arrhythmia), of sinus-reference records | \(Self.ratio(subtypeRight, sinusTotal)) |")
        lines.append("")
        let present = Family.allCases.filter { c in family[c] != nil || family.values.contains { $0[c] != nil } }
        lines.append("| reference \\ detected | " + present.map(\.rawValue).joined(separator: " | ") + " |")
        lines.append("|---|" + present.map { _ in "---:|" }.joined())
        for r in present where family[r] != nil {
            lines.append("| \(r.rawValue) | " + present.map { String(family[r]?[$0] ?? 0) }.joined(separator: " | ") + " |")
        }
        lines.append("")
        let subtypes = Subtype.allCases
        lines.append("| sinus subtype reference \\ detected | " + subtypes.map(\.rawValue).joined(separator: " | ") + " | not sinus |")
        lines.append("|---|" + subtypes.map { _ in "---:|" }.joined() + "---:|")
        for t in subtypes {
            let row = subtype[t] ?? [:]
            lines.append("| \(t.rawValue) | " + subtypes.map { String(row[$0] ?? 0) }.joined(separator: " | ") + " | – |")
        }
        lines.append("")
        lines.append("<details><summary>Records not agreeing</summary>")
        lines.append("")
        for w in wrong { lines.append("- \(w)") }
        lines.append("")
        lines.append("</details>")
        print(lines.joined(separator: "\n"))
    }
}
