import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg eval delineation --data DIR`: wave boundaries and intervals against the QT Database's first cardiologist.
struct EvalDelineationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delineation",
        abstract: "Score P/QRS/T delineation and PR/QRS/QT against QT Database annotations (.q1c).",
        discussion: """
            For every record with the annotation file, takes the annotated span ±10 s of every lead, band-passes it \
            (0.5-40 Hz, as the analyzer does), detects R peaks on the first lead, delineates every beat on every lead \
            and combines the leads. Each annotated beat is matched to the nearest detected R peak (150 ms); each \
            marked point counts as detected when the delineator gives it within 150 ms, and its error is \
            detected − annotated. "single" is the product's one multi-lead output; "best lead" takes per beat the \
            lead with the smaller |error| (Laguna 1997 / Martínez 2004). The reported intervals are what \
            `ecg analyze` gives for the same span (the beat model, its normal beats, the rhythm and every \
            reliability check). Records at even positions of the RECORDS list (sel100, sel103, …) are the tuning \
            set, odd positions the test set.

            --observer q2c scores the second cardiologist against the first with the same protocol (error = \
            second − first), on the records that have both files, next to the delineator on the same records and \
            the beats and points both cardiologists marked: how far two cardiologists disagree, the precision \
            ceiling of the reference. Only these two summaries are printed in that mode (--per-record and \
            --errors do not apply).
            """
    )

    @Option(help: "QT Database folder (NAME.hea, NAME.dat, NAME.q1c, RECORDS).")
    var data: String

    @Option(help: "Annotator (annotation file extension).")
    var annotator: String = "q1c"

    @Option(help: "Second annotator to score against --annotator (e.g. q2c), next to the delineator on the same beats.")
    var observer: String?

    @Option(help: "Keras model for the reported intervals (.h5); default: the bundled Weights/ecg_model.h5.")
    var model: String?

    @Option(help: "Label classes (.npy); default: label_classes.npy next to the model.")
    var labels: String?

    @Option(help: "Comma-separated record names (default: every record of RECORDS with annotations).")
    var records: String?

    @Option(help: "Comma-separated record names to leave out (e.g. the paced sel102,sel104).")
    var exclude: String?

    @Option(help: "Which records to report: tune, test or all.")
    var set: RecordSet = .all

    @Flag(help: "Print Markdown tables (the form docs/ACCURACY.md carries).")
    var markdown = false

    @Flag(name: .customLong("per-record"), help: "Also print one line per record.")
    var perRecord = false

    @Option(help: "Write every annotated point's errors (ms) to this CSV file: record, mark sample, point, combined, per lead.")
    var errors: String?

    enum RecordSet: String, ExpressibleByArgument, CaseIterable { case tune, test, all }

    func run() async throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
            FileHandle.standardError.write(Data("skipped: data folder '\(data)' is absent\n".utf8))
            return
        }
        let folder = URL(fileURLWithPath: data)
        let listed = (try? String(contentsOf: folder.appendingPathComponent("RECORDS"), encoding: .utf8))?
            .split(whereSeparator: \.isNewline).map(String.init) ?? []
        guard !listed.isEmpty else { throw ValidationError("no RECORDS file in '\(data)'") }
        let tuning = Set(listed.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        var names = listed.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0).\(annotator)").path)
        }
        if let records {
            let wanted = records.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            names = wanted.filter { !$0.isEmpty }
        }
        if let exclude {
            let excluded = Set(exclude.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            names = names.filter { !excluded.contains($0) }
        }
        switch set {
        case .tune: names = names.filter { tuning.contains($0) }
        case .test: names = names.filter { !tuning.contains($0) }
        case .all: break
        }
        guard !names.isEmpty else { throw ValidationError("no records with .\(annotator) annotations selected") }
        if let observer { return try compareObserver(observer, records: names, folder: folder) }
        let analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: labels)

        var rows: [Row] = []
        for name in names {
            do {
                let (score, reported) = try evaluate(record: name, folder: folder, analyzer: analyzer)
                rows.append(Row(name: name, tuning: tuning.contains(name), score: score, qt: Self.medianQT(score),
                                reported: reported))
            } catch let error as ECGAnalysisError {
                FileHandle.standardError.write(Data("error: record \(name): \(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
        if let errors {
            var csv = "record,sample,point,combined_ms,lead0_ms,lead1_ms\n"
            func cell(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "" }
            for row in rows {
                for p in row.score.points {
                    csv += "\(row.name),\(p.mark),\(p.point.rawValue),\(cell(p.single)),"
                        + (0..<2).map { $0 < p.leads.count ? cell(p.leads[$0]) : "" }.joined(separator: ",") + "\n"
                }
            }
            try Data(csv.utf8).write(to: URL(fileURLWithPath: errors))
        }
        let report = Report(markdown: markdown)
        if perRecord { report.records(rows) }
        for (title, subset) in [("tuning records", rows.filter(\.tuning)), ("test records", rows.filter { !$0.tuning }),
                                ("all records", rows)]
        where !subset.isEmpty && (title != "all records" || (rows.contains(where: \.tuning) && rows.contains { !$0.tuning })) {
            var total = DelineationScoring.RecordScore()
            for row in subset { total.add(row.score) }
            report.summary(title: "\(title) (\(subset.count), \(total.matchedBeats)/\(total.annotatedBeats) annotated beats matched)",
                           total: total, perRecordQT: subset.compactMap(\.qt), records: subset.map(\.score))
            report.reported(subset)
        }
    }

    /// One record's scores, its median QT (detected, annotated) over matched beats, and the intervals the analyzer
    /// reports for the span.
    struct Row {
        var name: String
        var tuning: Bool
        var score: DelineationScoring.RecordScore
        var qt: (Double, Double)?
        var reported: IntervalSummary?

        enum ReportedError {
            case error(Double)
            case notMeasurable
        }

        /// The reported `interval` minus the cardiologist's median over the annotated beats (ms); nil when the
        /// record has no annotated interval of that kind or no summary.
        func reportedError(_ interval: DelineationScoring.Interval) -> ReportedError? {
            let pairs = score.intervals[interval] ?? []
            guard !pairs.isEmpty, let summary = reported else { return nil }
            let value = switch interval {
            case .pr: summary.pr.value
            case .qrs: summary.qrs.value
            case .qt: summary.qt.value
            }
            return value.map { .error($0 - EvalDelineationCommand.median(pairs.map(\.annotated))) } ?? .notMeasurable
        }
    }

    private func evaluate(record name: String, folder: URL, analyzer: ECGAnalyzer) throws
        -> (DelineationScoring.RecordScore, IntervalSummary?)
    {
        guard let d = try delineate(record: name, folder: folder) else { return (.init(), nil) }
        let score = DelineationScoring.score(
            reference: d.reference, rPeaks: d.peaks, delineation: d.delineation, sampleRate: d.recording.sampleRate)
        return (score, try analyzer.analyze(d.recording).intervals)
    }

    /// The `--annotator` span of a record (its marks ±10 s, every lead) with its annotated beats, R peaks and
    /// multi-lead delineation, positions in samples from the span's start; nil when the record has no marks or the
    /// span is under 2 s.
    private func delineate(record name: String, folder: URL) throws
        -> (recording: ECGRecording, start: Int, reference: [AnnotatedBeat], peaks: [Int],
            delineation: MultiLeadDelineation)?
    {
        let recording = try ECGFileReader.read(path: folder.appendingPathComponent("\(name).hea").path)
        let annotations = try WFDBAnnotationReader.read(path: folder.appendingPathComponent("\(name).\(annotator)").path)
        let rate = recording.sampleRate
        let reference = AnnotatedBeat.beats(from: annotations, sampleRate: rate)
        guard let first = annotations.map(\.sample).min(), let last = annotations.map(\.sample).max(),
              let length = recording.leads.first?.samples.count else { return nil }
        let start = max(0, first - Int(10 * rate)), stop = min(length, last + Int(10 * rate))
        guard stop - start > Int(2 * rate) else { return nil }
        let leads = recording.leads.map { lead in
            (name: lead.name, samples: MultiLeadDelineation.measurementBand(Array(lead.samples[start..<stop]), sampleRate: rate))
        }
        let peaks = RPeakDetector(sampleRate: rate).detect(Array(recording.leads[0].samples[start..<stop]))
        let delineation = MultiLeadDelineation.delineate(leads: leads, sampleRate: rate, rPeaks: peaks)
        let span = ECGRecording(
            leads: recording.leads.map { ECGLead(name: $0.name, samples: Array($0.samples[start..<stop])) },
            sampleRate: rate, sampleRateSource: .file, sourceFormat: recording.sourceFormat)
        return (span, start, reference.map { $0.shifted(by: -start) }, peaks, delineation)
    }

    /// `--observer`: on the records that have both annotation files, the observer scored against `--annotator`
    /// and the delineator scored on the reference beats the observer also marked, each printed as a summary.
    private func compareObserver(_ observer: String, records: [String], folder: URL) throws {
        let names = records.filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0).\(observer)").path)
        }
        guard !names.isEmpty else {
            throw ValidationError("no selected record has both .\(annotator) and .\(observer) annotations")
        }
        var observed: [DelineationScoring.RecordScore] = [], delineated: [DelineationScoring.RecordScore] = []
        for name in names {
            do {
                guard let d = try delineate(record: name, folder: folder) else { continue }
                let rate = d.recording.sampleRate
                let annotations = try WFDBAnnotationReader.read(
                    path: folder.appendingPathComponent("\(name).\(observer)").path)
                let marked = AnnotatedBeat.beats(from: annotations, sampleRate: rate).map { $0.shifted(by: -d.start) }
                observed.append(DelineationScoring.score(reference: d.reference, observer: marked, sampleRate: rate))
                let shared = DelineationScoring.sharedBeats(reference: d.reference, observer: marked, sampleRate: rate)
                delineated.append(DelineationScoring.score(
                    reference: shared, rPeaks: d.peaks, delineation: d.delineation, sampleRate: rate))
            } catch let error as ECGAnalysisError {
                FileHandle.standardError.write(Data("error: record \(name): \(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
        let report = Report(markdown: markdown)
        var observerTotal = DelineationScoring.RecordScore(), delineatorTotal = DelineationScoring.RecordScore()
        for score in observed { observerTotal.add(score) }
        for score in delineated { delineatorTotal.add(score) }
        // No leads for the observer: its best-lead columns print "-".
        report.summary(
            title: "second cardiologist (\(observer)) vs first (\(annotator)), \(observed.count) records "
                + "(\(observerTotal.matchedBeats)/\(observerTotal.annotatedBeats) annotated beats matched)",
            total: observerTotal, perRecordQT: observed.compactMap(Self.medianQT), records: observed)
        report.summary(
            title: "delineator vs first (\(annotator)), same \(delineated.count) records and "
                + "\(delineatorTotal.annotatedBeats) beats (\(delineatorTotal.matchedBeats)/\(delineatorTotal.annotatedBeats) matched)",
            total: delineatorTotal, perRecordQT: delineated.compactMap(Self.medianQT), records: delineated)
    }

    /// (detected, annotated) median QT of the record's matched beats, ms.
    static func medianQT(_ score: DelineationScoring.RecordScore) -> (Double, Double)? {
        let pairs = score.intervals[.qt] ?? []
        guard !pairs.isEmpty else { return nil }
        return (median(pairs.map(\.detected)), median(pairs.map(\.annotated)))
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Table printing (plain text or Markdown).
    private struct Report {
        var markdown: Bool

        func row(_ cells: [String]) {
            if markdown { print("| " + cells.joined(separator: " | ") + " |") }
            else { print(cells.enumerated().map { $0.offset == 0 ? $0.element.padding(toLength: 16, withPad: " ", startingAt: 0) : $0.element.leftPadded(17) }.joined()) }
        }

        func header(_ cells: [String]) {
            row(cells)
            if markdown { print("|" + cells.map { _ in "---|" }.joined()) }
        }

        func stats(_ values: [Double]) -> String {
            guard let s = DelineationScoring.meanSD(values) else { return "-" }
            return String(format: "%.1f ± %.1f", s.mean, s.sd)
        }

        func summary(title: String, total: DelineationScoring.RecordScore, perRecordQT: [(Double, Double)],
                     records: [DelineationScoring.RecordScore]) {
            print(markdown ? "\n**\(title)**\n" : "\n\(title)")
            header(["point", "annotated", "Se single (%)", "single (ms)", "s̄ single (ms)", "Se best lead (%)",
                    "best lead (ms)", "s̄ best lead (ms)"])
            for point in Fiducial.allCases {
                let s = total.single[point] ?? .init(), b = total.bestLead[point] ?? .init()
                func se(_ e: DelineationScoring.PointErrors) -> String {
                    e.annotated == 0 ? "-" : String(format: "%.2f", 100 * Double(e.detected) / Double(e.annotated))
                }
                // Mean over records of the within-record SD (records with two or more detected points).
                func withinSD(_ key: KeyPath<DelineationScoring.RecordScore, [Fiducial: DelineationScoring.PointErrors]>) -> String {
                    let sds = records.compactMap { r -> Double? in
                        let e = r[keyPath: key][point]?.errorsMs ?? []
                        return e.count >= 2 ? DelineationScoring.meanSD(e)?.sd : nil
                    }
                    return sds.isEmpty ? "-" : String(format: "%.1f", sds.reduce(0, +) / Double(sds.count))
                }
                row([point.rawValue, "\(s.annotated)", se(s), stats(s.errorsMs), withinSD(\.single), se(b), stats(b.errorsMs),
                     withinSD(\.bestLead)])
            }
            print(markdown ? "" : "")
            header(["interval", "beats", "per beat (ms)", "records", "per record (ms)"])
            for interval in DelineationScoring.Interval.allCases {
                let pairs = total.intervals[interval] ?? []
                let perRecord = records.compactMap { r -> Double? in
                    let p = r.intervals[interval] ?? []
                    return p.isEmpty ? nil : p.map { $0.detected - $0.annotated }.reduce(0, +) / Double(p.count)
                }
                row([interval.rawValue, "\(pairs.count)", stats(pairs.map { $0.detected - $0.annotated }),
                     "\(perRecord.count)", stats(perRecord)])
            }
            if !perRecordQT.isEmpty {
                let within = perRecordQT.filter { abs($0.0 - $0.1) <= 20 }.count
                print((markdown ? "\n" : "") + "median QT per record within 20 ms of the cardiologist's: \(within)/\(perRecordQT.count)")
            }
        }

        /// The PR, QRS and QT the product would report per record (median over the span's beats, after the
        /// reliability checks) against the cardiologist's median over the annotated beats.
        func reported(_ rows: [Row]) {
            print(markdown ? "" : "")
            header(["reported", "records", "error (ms)", "within 10/20 ms", "not measurable"])
            for interval in DelineationScoring.Interval.allCases {
                var errors: [Double] = []
                var withheld = 0
                for row in rows {
                    switch row.reportedError(interval) {
                    case .error(let error)?: errors.append(error)
                    case .notMeasurable?: withheld += 1
                    case nil: continue
                    }
                }
                let within10 = errors.filter { abs($0) <= 10 }.count, within20 = errors.filter { abs($0) <= 20 }.count
                row([interval.rawValue, "\(errors.count)", stats(errors), "\(within10)/\(within20)", "\(withheld)"])
            }
        }

        /// One line per record; the last three columns are the reported PR, QRS and QT minus the cardiologist's
        /// median ("n/m" when the analyzer would call the interval not measurable, "-" when nothing is annotated).
        func records(_ rows: [Row]) {
            header(["record", "set", "beats", "QRS on (ms)", "T off (ms)", "QT det/ref (ms)", "PR rep (ms)",
                    "QRS rep (ms)", "QT rep (ms)"])
            for r in rows {
                let reported = DelineationScoring.Interval.allCases.map { interval -> String in
                    switch r.reportedError(interval) {
                    case .error(let error)?: String(format: "%.1f", error)
                    case .notMeasurable?: "n/m"
                    case nil: "-"
                    }
                }
                row([r.name, r.tuning ? "tune" : "test", "\(r.score.matchedBeats)/\(r.score.annotatedBeats)",
                     stats(r.score.single[.qrsOnset]?.errorsMs ?? []), stats(r.score.single[.tOffset]?.errorsMs ?? []),
                     r.qt.map { String(format: "%.0f/%.0f", $0.0, $0.1) } ?? "-"] + reported)
            }
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}

extension BeatWaves {
    /// Every position moved by `offset` samples.
    func shifted(by offset: Double) -> BeatWaves {
        var copy = self
        for point in Fiducial.allCases { copy[point] = self[point].map { $0 + offset } }
        return copy
    }
}

extension AnnotatedBeat {
    /// The QRS peak and every mark moved by `offset` samples.
    func shifted(by offset: Int) -> AnnotatedBeat {
        AnnotatedBeat(qrsPeak: qrsPeak + offset, waves: waves.shifted(by: Double(offset)))
    }
}
