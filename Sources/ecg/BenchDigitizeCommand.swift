import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg bench digitize PAGE.ppm`: time the image digitizer on one decoded page; prints one JSON line.
struct BenchDigitizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitize",
        abstract: "Time ECG image digitization of one page; prints one JSON line.",
        discussion: """
            Reads a binary PPM page (e.g. a 300-dpi render from tools/render/render_ecg.py: its NAME.ppm), runs \
            `warmup` untimed and `iterations` timed digitizations, and reports median / p90 / min wall time. \
            Memory: the kernel's peak resident set (VmHWM) is reset after the image is loaded (/proc/self/clear_refs), \
            so peak_growth_bytes is the most the digitizer added to the process at any moment of its first run; \
            decoded_bytes is the RGB image it was given (width · height · 3).
            """
    )

    @Argument(help: "Page image, binary PPM (P6).") var page: String
    @Option(help: "Timed runs.") var iterations: Int = 10
    @Option(help: "Untimed runs first (after the memory-measured run).") var warmup: Int = 1
    @Option(help: """
        Least fraction of grid-coloured paper pixels for which the digitizer searches for a grid (default: the         digitizer's own, 0.01); 0 always searches, as the digitizer did before pages without grid ink skipped it.
        """) var minimumGridInk: Double?

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        if let minimumGridInk, !(0...1).contains(minimumGridInk) {
            throw ValidationError("--minimum-grid-ink must be between 0 and 1")
        }
    }

    func run() throws {
        let image = try PortablePixmap.read(path: page)
        var digitizer = ECGDigitizer()
        if let minimumGridInk { digitizer.minimumGridInk = minimumGridInk }
        let before = ProcessMemory.resetPeak()
        let first = try digitizer.digitize(image)
        let peak = ProcessMemory.peakResident()
        for _ in 0..<warmup { _ = try digitizer.digitize(image) }
        var samples: [Duration] = []
        for _ in 0..<iterations {
            let start = ContinuousClock.now
            _ = try digitizer.digitize(image)
            samples.append(ContinuousClock.now - start)
        }
        let ms = samples.map { Double($0.components.seconds) * 1000 + Double($0.components.attoseconds) / 1e15 }.sorted()
        let report = BenchDigitizeReport(
            page: URL(fileURLWithPath: page).lastPathComponent, width: image.width, height: image.height,
            decodedBytes: image.rgb.count, iterations: iterations, medianMs: ms[ms.count / 2],
            p90Ms: ms[min(ms.count - 1, Int(Double(ms.count) * 0.9))], minMs: ms[0],
            peakGrowthBytes: peak.flatMap { p in before.map { max(0, p - $0) } },
            leads: first.leads.count, layout: first.layout.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}

struct BenchDigitizeReport: Encodable {
    var page: String
    var width: Int
    var height: Int
    var decodedBytes: Int
    var iterations: Int
    var medianMs: Double
    var p90Ms: Double
    var minMs: Double
    /// nil where /proc is unavailable.
    var peakGrowthBytes: Int?
    var leads: Int
    var layout: String
}

/// Resident-set readings from /proc/self (Linux); nil elsewhere.
enum ProcessMemory {
    /// Resets the peak resident set to the current one and returns the current resident bytes.
    static func resetPeak() -> Int? {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
        return field("VmRSS")
    }

    /// Peak resident bytes since the last reset.
    static func peakResident() -> Int? { field("VmHWM") }

    private static func field(_ name: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2, let kb = Int(parts[1]) { return kb * 1024 }
        }
        return nil
    }
}
