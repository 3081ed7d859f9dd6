import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg eval`: scores the analysis library against expert annotations.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score the analysis against annotated databases (MIT-BIH, QT Database) and the digitizer against rendered images.",
        subcommands: [
            RPeaksEvalCommand.self, EvalBeatsCommand.self, EvalRhythmCommand.self, EvalDelineationCommand.self,
            EvalDigitizationCommand.self, EvalImagesCommand.self,
        ]
    )
}

/// `ecg eval rpeaks --data DIR`: beat-by-beat R-peak scoring (ANSI/AAMI EC57 matching) on WFDB records.
struct RPeaksEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rpeaks",
        abstract: "Score the R-peak detector against WFDB reference beat annotations (.atr).",
        discussion: """
            Reads each record's header, signals and reference annotations, detects R peaks on lead MLII (else the \
            first lead), keeps reference beat annotations only (N L R B A a J S V r F e j n E / f Q ?) and matches \
            them one-to-one within the tolerance. Detections inside ventricular flutter episodes ([ … ]) are not \
            counted, as in EC57. Prints a per-record table with gross totals, or JSON with --json.
            """
    )

    @Option(help: "Folder holding the WFDB records (NAME.hea, NAME.dat, NAME.atr).")
    var data: String

    @Option(help: "Comma-separated record names (default: the folder's RECORDS file, else every .hea with an .atr).")
    var records: String?

    @Option(name: .customLong("tolerance-ms"), help: "Matching window, milliseconds.")
    var toleranceMs: Double = 150

    @Option(help: "Lead to analyse (default: MLII, else II, else the first).")
    var lead: String?

    @Option(name: .customLong("resample-hz"),
            help: "Resample each lead to this rate before detection (reference beats are rescaled); checks rate independence.")
    var resampleHz: Double?

    @Option(help: "Annotator (annotation file extension).")
    var annotator: String = "atr"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "List the samples of each record's missed beats (FN) and extra detections (FP) on stderr.")
    var errors = false

    func run() async throws {
        try EvalSupport.requireDataFolder(data)
        guard toleranceMs > 0, toleranceMs.isFinite else { throw ValidationError("--tolerance-ms must be positive") }
        if let resampleHz, !ECGReadOptions.plausibleSampleRates.contains(resampleHz) {
            throw ValidationError("--resample-hz must be between 1 and 100000")
        }
        let names = try recordNames()
        guard !names.isEmpty else { throw ValidationError("no WFDB records with .\(annotator) annotations in '\(data)'") }

        var rows: [RecordScore] = []
        for name in names {
            do {
                rows.append(try score(record: name))
            } catch let error as ECGAnalysisError {
                FileHandle.standardError.write(Data("error: record \(name): \(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
        let total = rows.reduce(BeatMatchResult()) { $0 + $1.result }
        if json {
            let report = EvalReport(
                toleranceMs: toleranceMs, records: rows, total: ScoreSummary(total),
                detectorMsTotal: rows.reduce(0) { $0 + $1.detectorMs },
                detectorCpuMsTotal: rows.reduce(0) { $0 + $1.detectorCpuMs })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            FileHandle.standardOutput.write(try encoder.encode(report))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            printTable(rows, total: total)
        }
    }

    private func recordNames() throws -> [String] {
        let folder = URL(fileURLWithPath: data)
        if let records {
            return records.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let list = try? String(contentsOf: folder.appendingPathComponent("RECORDS"), encoding: .utf8) {
            return list.split(whereSeparator: \.isNewline).map(String.init)
                .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0).\(annotator)").path) }
        }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []
        return files.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) }
            .filter { files.contains("\($0).\(annotator)") }.sorted()
    }

    private func score(record name: String) throws -> RecordScore {
        let folder = URL(fileURLWithPath: data)
        let recording = try ECGFileReader.read(path: folder.appendingPathComponent("\(name).hea").path)
        let signal = try recording.lead(named: lead)
        let annotations = try WFDBAnnotationReader.read(path: folder.appendingPathComponent("\(name).\(annotator)").path)
        // Annotation samples → detection-rate samples (identity unless --resample-hz is given).
        let rate = resampleHz ?? recording.sampleRate
        func rescale(_ sample: Int) -> Int { Int((Double(sample) * rate / recording.sampleRate).rounded()) }
        let samples = rate == recording.sampleRate
            ? signal.samples : SignalFilters.resample(signal.samples, from: recording.sampleRate, to: rate)
        let reference = annotations.filter(\.isBeat).map { rescale($0.sample) }
        let episodes = BeatMatcher.flutterEpisodes(annotations, recordEnd: signal.samples.count)
            .map { rescale($0.lowerBound)...rescale($0.upperBound) }

        let detector = RPeakDetector(sampleRate: rate)
        let clock = ContinuousClock()
        var detected: [Int] = []
        let cpuStart = threadCPUTime()
        let elapsed = clock.measure { detected = detector.detect(samples) }
        let cpuMs = (threadCPUTime() - cpuStart) * 1000
        let tolerance = Int((toleranceMs / 1000 * rate).rounded())
        let comparison = BeatMatcher.compare(
            reference: reference, detected: detected, tolerance: tolerance, excluding: episodes)
        let result = comparison.result
        if errors {
            let text = "\(name) FN: \(comparison.missed.map(String.init).joined(separator: " "))\n"
                + "\(name) FP: \(comparison.extra.map(String.init).joined(separator: " "))\n"
            FileHandle.standardError.write(Data(text.utf8))
        }
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return RecordScore(record: name, lead: signal.name, result: result, detectorMs: milliseconds, detectorCpuMs: cpuMs)
    }

    private func printTable(_ rows: [RecordScore], total: BeatMatchResult) {
        func percent(_ value: Double) -> String { String(format: "%7.2f", value * 100) }
        func line(_ name: String, _ lead: String, _ r: BeatMatchResult, _ ms: String) -> String {
            name.padding(toLength: 7, withPad: " ", startingAt: 0) + lead.padding(toLength: 6, withPad: " ", startingAt: 0)
                + String(format: "%7d %6d %6d ", r.truePositives, r.falseNegatives, r.falsePositives)
                + percent(r.sensitivity) + " " + percent(r.positivePredictivity) + " " + ms
        }
        print("record lead       TP     FN     FP   Se(%)   +P(%)  wall(ms)  cpu(ms)")
        for row in rows {
            print(line(row.record, row.lead, row.result, String(format: "%8.2f %8.2f", row.detectorMs, row.detectorCpuMs)))
        }
        let wall = rows.reduce(0) { $0 + $1.detectorMs }, cpu = rows.reduce(0) { $0 + $1.detectorCpuMs }
        print(line("gross", "", total, String(format: "%8.2f %8.2f", wall, cpu)))
        print(String(format: "tolerance %.0f ms, %d records; %d detections in flutter episodes not counted",
                     toleranceMs, rows.count, total.excludedDetections)
              + (resampleHz.map { String(format: "; leads resampled to %g Hz", $0) } ?? ""))
    }
}

/// One record's score, as printed in the table and the JSON report.
private struct RecordScore: Encodable {
    var record: String
    var lead: String
    var result: BeatMatchResult
    /// Wall-clock detection time, ms.
    var detectorMs: Double
    /// CPU time of the detecting thread, ms (robust to other load on the machine).
    var detectorCpuMs: Double

    enum CodingKeys: String, CodingKey {
        case record, lead, truePositives, falseNegatives, falsePositives, excludedDetections, sensitivity
        case positivePredictivity, detectorMs, detectorCpuMs
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record, forKey: .record)
        try container.encode(lead, forKey: .lead)
        try container.encode(result.truePositives, forKey: .truePositives)
        try container.encode(result.falseNegatives, forKey: .falseNegatives)
        try container.encode(result.falsePositives, forKey: .falsePositives)
        try container.encode(result.excludedDetections, forKey: .excludedDetections)
        try container.encode(result.sensitivity, forKey: .sensitivity)
        try container.encode(result.positivePredictivity, forKey: .positivePredictivity)
        try container.encode(detectorMs, forKey: .detectorMs)
        try container.encode(detectorCpuMs, forKey: .detectorCpuMs)
    }
}

private struct ScoreSummary: Encodable {
    var truePositives: Int
    var falseNegatives: Int
    var falsePositives: Int
    var excludedDetections: Int
    var sensitivity: Double
    var positivePredictivity: Double

    init(_ result: BeatMatchResult) {
        truePositives = result.truePositives
        falseNegatives = result.falseNegatives
        falsePositives = result.falsePositives
        excludedDetections = result.excludedDetections
        sensitivity = result.sensitivity
        positivePredictivity = result.positivePredictivity
    }
}

private struct EvalReport: Encodable {
    var toleranceMs: Double
    var records: [RecordScore]
    var total: ScoreSummary
    var detectorMsTotal: Double
    var detectorCpuMsTotal: Double
}

/// CPU time consumed by the calling thread, seconds.
private func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
