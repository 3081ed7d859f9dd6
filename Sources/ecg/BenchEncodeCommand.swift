#if Service
import ArgumentParser
import ECGAnalysis
import ECGService
import Foundation

/// `ecg bench encode FILE…`: time turning an analysis into `/predict` bytes, one JSON line per file.
struct BenchEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Time encoding the /predict answer (report, plotted trace, whole response): one JSON line per file.",
        discussion: """
            Each file is analysed once (untimed), then each encoding runs untimed `--warmup` times and timed \
            `--iterations` times with the shared report encoder. Prints {"file", "beats", "trace_samples", \
            "report_bytes", "report_median_ms", "trace_bytes", "trace_median_ms", "response_bytes", \
            "response_median_ms"}: the report alone, the trace alone (at most the first 60 s of the analysed lead) \
            and the response with both.
            """)

    @Argument(help: "Recordings (.csv, .npy, WFDB .hea, images).") var files: [String]
    @Option(help: "Lead to analyse.") var lead: String?
    @Option(help: "Keras model file (default: $ECG_MODEL, else the bundled model).") var model: String?
    @Option(help: "Timed encodings per file.") var iterations: Int = 20
    @Option(help: "Untimed encodings first.") var warmup: Int = 2

    func validate() throws {
        guard iterations >= 1, warmup >= 0 else { throw ValidationError("--iterations must be ≥ 1 and --warmup ≥ 0") }
    }

    func run() throws {
        let analyzer = try ECGAnalyzer(modelPath: try BundledModel.resolve(model), labelsPath: nil)
        let lineEncoder = ReportEncoding.encoder()
        for file in files {
            let recording = try ECGFileReader.read(path: file, options: ECGReadOptions(sampleRate: nil, lead: lead))
            let analysed = try recording.lead(named: lead)
            let outcome = AnalysisOutcome(
                report: try analyzer.analyze(recording, options: AnalysisOptions(lead: lead)),
                trace: SignalTrace(lead: analysed.name, sampleRate: recording.sampleRate, samples: analysed.samples))
            guard let trace = outcome.trace else { throw ValidationError("\(file): the analysis gave no trace") }
            let encoder = ReportEncoding.encoder()
            let id = ResultID()
            var report = Data(), plot = Data(), response = Data()
            let reportTiming = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                report = try encoder.encode(outcome.report)
            }
            let traceTiming = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                plot = try encoder.encode(TracePlot(trace))
            }
            let responseTiming = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                response = try encoder.encode(PredictResponse(report: outcome.report, id: id, trace: TracePlot(trace)))
            }
            let line = BenchEncodeReport(
                file: URL(fileURLWithPath: file).lastPathComponent, beats: outcome.report.beats.count,
                traceSamples: TracePlot(trace).samplesMv.count, reportBytes: report.count,
                reportMedianMs: reportTiming.median.milliseconds, traceBytes: plot.count,
                traceMedianMs: traceTiming.median.milliseconds, responseBytes: response.count,
                responseMedianMs: responseTiming.median.milliseconds)
            var bytes = try lineEncoder.encode(line)
            bytes.append(0x0A)
            FileHandle.standardOutput.write(bytes)
        }
    }
}

/// One `ecg bench encode` line (snake_case keys through ``ReportEncoding``).
struct BenchEncodeReport: Encodable {
    var file: String
    var beats: Int
    var traceSamples: Int
    var reportBytes: Int
    var reportMedianMs: Double
    var traceBytes: Int
    var traceMedianMs: Double
    var responseBytes: Int
    var responseMedianMs: Double

}

#else
import ArgumentParser

/// `ecg bench encode` needs the service's response types, left out of builds without the `Service` trait.
struct BenchEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode", abstract: "Time encoding the /predict answer (not in this build: rebuild with the Service trait).")

    func run() throws {
        throw ValidationError("'ecg bench encode' is not in this build; rebuild with the default traits (or --traits Service)")
    }
}
#endif
