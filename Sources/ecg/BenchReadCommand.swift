import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg bench read FILE…`: time to parse a recording file's bytes into mV leads, one JSON line per file.
struct BenchReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Time reading recordings (EDF, CSV, NPY, …) from bytes into mV leads: one JSON line per file.",
        discussion: """
            Each file is loaded into memory once (not timed), parsed untimed `--warmup` times, then timed \
            `--iterations` times with no length limit. Prints {"file", "format", "bytes", "leads", \
            "samples_per_lead", "median_ms", "p90_ms", "min_ms", "mb_per_s"} (MB = 10⁶ bytes, at the median).
            """)

    @Argument(help: "Recording files (read by content, as uploads are).") var files: [String]
    @Option(help: "Timed reads per file.") var iterations: Int = 10
    @Option(help: "Untimed reads first.") var warmup: Int = 1

    func validate() throws {
        guard iterations >= 1, warmup >= 0 else { throw ValidationError("--iterations must be ≥ 1 and --warmup ≥ 0") }
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let options = ECGReadOptions(maxSamples: Int.max)
        for file in files {
            let url = URL(fileURLWithPath: file)
            let data = try Data(contentsOf: url)
            var recording = try ECGFileReader.read(data: data, fileName: url.lastPathComponent, options: options)
            let timing = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                recording = try ECGFileReader.read(data: data, fileName: url.lastPathComponent, options: options)
            }
            let report = BenchReadReport(
                file: url.lastPathComponent, format: recording.sourceFormat, bytes: data.count,
                leads: recording.leads.count, samplesPerLead: recording.sampleCount,
                medianMs: timing.median.milliseconds, p90Ms: timing.p90.milliseconds, minMs: timing.minimum.milliseconds,
                mbPerS: Double(data.count) / 1e6 / timing.median.seconds)
            var line = try encoder.encode(report)
            line.append(0x0A)
            FileHandle.standardOutput.write(line)
        }
    }
}

struct BenchReadReport: Encodable {
    var file: String
    var format: String
    var bytes: Int
    var leads: Int
    var samplesPerLead: Int
    var medianMs: Double
    var p90Ms: Double
    var minMs: Double
    var mbPerS: Double

    enum CodingKeys: String, CodingKey {
        case file, format, bytes, leads, samplesPerLead = "samples_per_lead", medianMs = "median_ms", p90Ms = "p90_ms"
        case minMs = "min_ms", mbPerS = "mb_per_s"
    }
}
