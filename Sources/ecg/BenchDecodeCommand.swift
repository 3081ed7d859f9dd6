import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg bench decode FILE…`: image decoding time (PNG, JPEG, BMP → 8-bit RGB), one JSON line per file.
struct BenchDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Time image decoding (PNG via libpng, JPEG via libjpeg-turbo, BMP in Swift): one JSON line per file.",
        discussion: """
            Each file is read once, decoded untimed `--warmup` times, then timed `--iterations` times. Prints \
            {"file", "format", "width", "height", "megapixels", "decoded_bytes", "median_ms", "p90_ms", "min_ms", \
            "megapixels_per_s"} (the rate at the median).
            """)

    @Argument(help: "Image files.") var files: [String]
    @Option(help: "Timed decodes per file.") var iterations: Int = 20
    @Option(help: "Untimed decodes first.") var warmup: Int = 2

    func validate() throws {
        guard iterations >= 1, warmup >= 0 else { throw ValidationError("--iterations must be ≥ 1 and --warmup ≥ 0") }
    }

    func run() throws {
        let decoder = ImageDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            var image = try decoder.decode(bytes)
            let timing = try TimingSummary.measure(warmup: warmup, iterations: iterations) {
                image = try decoder.decode(bytes)
            }
            let megapixels = Double(image.width * image.height) / 1e6
            let report = BenchDecodeReport(
                file: URL(fileURLWithPath: file).lastPathComponent, format: ImageFormat(sniffing: bytes)?.rawValue ?? "",
                width: image.width, height: image.height, megapixels: megapixels, decodedBytes: image.rgb.count,
                medianMs: timing.median.milliseconds, p90Ms: timing.p90.milliseconds, minMs: timing.minimum.milliseconds,
                megapixelsPerS: megapixels / timing.median.seconds)
            var line = try encoder.encode(report)
            line.append(0x0A)
            FileHandle.standardOutput.write(line)
        }
    }
}

struct BenchDecodeReport: Encodable {
    var file: String
    var format: String
    var width: Int
    var height: Int
    var megapixels: Double
    var decodedBytes: Int
    var medianMs: Double
    var p90Ms: Double
    var minMs: Double
    var megapixelsPerS: Double

    enum CodingKeys: String, CodingKey {
        case file, format, width, height, megapixels, decodedBytes = "decoded_bytes", medianMs = "median_ms"
        case p90Ms = "p90_ms", minMs = "min_ms", megapixelsPerS = "megapixels_per_s"
    }
}
