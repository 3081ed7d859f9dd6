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
            "response_median_ms", "legacy_trace_bytes", "legacy_trace_median_ms"}: the report alone, the trace alone \
            (at most the first 60 s of the analysed lead), the response with both, and the byte writer the trace \
            encoding replaced.
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
        let lineEncoder = JSONEncoder()
        lineEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            let recording = try ECGFileReader.read(path: file, options: ECGReadOptions(sampleRate: nil, lead: lead))
            let analysed = try recording.lead(named: lead)
            let outcome = AnalysisOutcome(
                report: try analyzer.analyze(recording, options: AnalysisOptions(lead: lead)),
                trace: SignalTrace(lead: analysed.name, sampleRate: recording.sampleRate, samples: analysed.samples))
            guard let trace = outcome.trace else { throw ValidationError("\(file): the analysis gave no trace") }
            let encoder = ReportEncoding.encoder()
            let id = ResultID()
            var report = Data(), plot = Data(), response = Data(), legacy = Data()
            let reportTiming = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                report = try encoder.encode(outcome.report)
            }
            let traceTiming = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                plot = try encoder.encode(TracePlot(trace))
            }
            let responseTiming = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                response = try encoder.encode(PredictResponse(report: outcome.report, id: id, trace: TracePlot(trace)))
            }
            let legacyTiming = TimingSummary.measure(warmup: warmup, iterations: iterations) {
                legacy = LegacyTraceWriter.plotJSON(trace)
            }
            let line = BenchEncodeReport(
                file: URL(fileURLWithPath: file).lastPathComponent, beats: outcome.report.beats.count,
                traceSamples: TracePlot(trace).samplesMv.count, reportBytes: report.count,
                reportMedianMs: reportTiming.median.milliseconds, traceBytes: plot.count,
                traceMedianMs: traceTiming.median.milliseconds, responseBytes: response.count,
                responseMedianMs: responseTiming.median.milliseconds, legacyTraceBytes: legacy.count,
                legacyTraceMedianMs: legacyTiming.median.milliseconds)
            var bytes = try lineEncoder.encode(line)
            bytes.append(0x0A)
            FileHandle.standardOutput.write(bytes)
        }
    }
}

/// One `ecg bench encode` line.
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
    var legacyTraceBytes: Int
    var legacyTraceMedianMs: Double

    enum CodingKeys: String, CodingKey {
        case file, beats, traceSamples = "trace_samples", reportBytes = "report_bytes", reportMedianMs = "report_median_ms"
        case traceBytes = "trace_bytes", traceMedianMs = "trace_median_ms", responseBytes = "response_bytes"
        case responseMedianMs = "response_median_ms", legacyTraceBytes = "legacy_trace_bytes"
        case legacyTraceMedianMs = "legacy_trace_median_ms"
    }
}

/// The byte writer the trace encoding replaced, kept here only to compare against.
enum LegacyTraceWriter {
    static func plotJSON(_ trace: SignalTrace) -> Data {
        let rate = trace.sampleRate.isFinite && trace.sampleRate > 0 ? trace.sampleRate : 1
        let samples = trace.samples
        let limit = Int(min(Double(samples.count), (TracePlot.maxPlottedSeconds * rate).rounded(.down)))
        var text = [UInt8]()
        text.reserveCapacity(128 + limit * 8)
        text.append(contentsOf: Array("{\"lead\":".utf8))
        text.append(contentsOf: (try? JSONEncoder().encode(trace.lead)) ?? Data("\"\"".utf8))
        text.append(contentsOf: Array(",\"sample_rate_hz\":\(number(rate)),\"duration_s\":".utf8))
        text.append(contentsOf: Array(number(Double(samples.count) / rate).utf8))
        text.append(contentsOf: Array(",\"truncated\":\(limit < samples.count),\"samples_mv\":[".utf8))
        for index in 0..<limit {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            appendMicrovoltRounded(samples[index], to: &text)
        }
        text.append(contentsOf: Array("]}".utf8))
        return Data(text)
    }

    private static func appendMicrovoltRounded(_ value: Float, to text: inout [UInt8]) {
        guard value.isFinite, abs(value) < 1e9 else {
            text.append(contentsOf: Array("null".utf8))
            return
        }
        var micro = Int64((Double(value) * 1000).rounded())
        if micro < 0 {
            text.append(UInt8(ascii: "-"))
            micro = -micro
        }
        appendDigits(micro / 1000, to: &text)
        let fraction = micro % 1000
        if fraction != 0 {
            text.append(UInt8(ascii: "."))
            text.append(UInt8(ascii: "0") + UInt8(fraction / 100))
            if fraction % 100 != 0 {
                text.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
                if fraction % 10 != 0 { text.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
            }
        }
    }

    private static func appendDigits(_ value: Int64, to text: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &text) }
        text.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
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
