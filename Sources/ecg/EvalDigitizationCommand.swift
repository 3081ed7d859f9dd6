import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg eval digitization --data DIR`: digitizes rendered ECG images and scores them against their source signals.
struct EvalDigitizationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitization",
        abstract: "Score the image digitizer on rendered ECG pages with ground truth (tools/render).",
        discussion: """
            For each NAME.json in the folder (written by tools/render/render_ecg.py, sel100_truth.py or \
            real_pages.py) \
            digitizes NAME.ppm and compares every ground-truth lead with the digitized lead of the same name and \
            time slot (strips: the same row). Per lead: the PhysioNet/CinC Challenge 2024 SNR, \
            10·log10(Σx² / Σ(x̂ − x)²), at the reference's sample rate, maximised over time shifts up to ±0.2 s, \
            with the constant offset removed; a lead not found scores 0 dB (as a flat line). Per page: leads found \
            and named, layout, and the heart rate (60 / median RR of RPeakDetector beats) of the digitized rhythm \
            lead against the same detector on the source signal. Pages of kind "real" have no truth: only what \
            was found (or the error) is reported.
            """
    )

    @Option(help: "Folder of rendered pages (NAME.json + NAME.ppm).")
    var data: String

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "Print one line per page on stderr.")
    var verbose = false

    @Option(help: "Write each page's digitized leads to DIR/NAME.digitized.json (for inspection).")
    var dump: String?

    func run() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
            FileHandle.standardError.write(Data("skipped: data folder '\(data)' is absent\n".utf8))
            return
        }
        let folder = URL(fileURLWithPath: data)
        let names = try FileManager.default.contentsOfDirectory(atPath: data)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        guard !names.isEmpty else { throw ValidationError("no rendered pages (NAME.json) in '\(data)'") }
        var pages: [DigitizationPageScore] = []
        for name in names {
            let truth = try JSONDecoder().decode(
                RenderTruth.self, from: Data(contentsOf: folder.appendingPathComponent("\(name).json")))
            // The stated resolution travels with the pixels, as a PNG pHYs or JPEG density would.
            let image = try PortablePixmap.read(path: folder.appendingPathComponent("\(name).ppm").path,
                                                dotsPerInch: truth.dpi > 0 ? truth.dpi : nil)
            let page = DigitizationScorer.score(name: name, truth: truth, image: image, dump: dump.map {
                URL(fileURLWithPath: $0).appendingPathComponent("\(name).digitized.json")
            })
            if verbose { FileHandle.standardError.write(Data((page.line + "\n").utf8)) }
            pages.append(page)
        }
        let groups = Dictionary(grouping: pages) { "\($0.kind) \($0.degraded ? "degraded" : "clean")" }
        let summaries = groups.keys.sorted().map { DigitizationSummary(group: $0, pages: groups[$0]!) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            FileHandle.standardOutput.write(try encoder.encode(DigitizationReport(summaries: summaries, pages: pages)))
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(DigitizationSummary.header)
            for summary in summaries { print(summary.line) }
        }
    }
}

/// Ground truth written next to each rendered page.
struct RenderTruth: Decodable {
    struct Lead: Decodable {
        var name: String
        var startS: Double
        var row: Int
        var sampleRateHz: Double
        var samples: [Float]
    }
    var kind: String
    var source: String
    var layout: String
    var dpi: Double
    var pxPerMm: Double
    var rotationDeg: Double
    var degraded: Bool
    var leads: [Lead]
    /// The full-length rhythm lead (12-lead pages); strips use their first lead.
    var rhythmSamples: [Float]?

    enum CodingKeys: String, CodingKey {
        case kind, source, layout, dpi, leads
        case pxPerMm = "px_per_mm", rotationDeg = "rotation_deg", degraded, rhythmSamples = "rhythm_samples"
    }
}

extension RenderTruth.Lead {
    enum CodingKeys: String, CodingKey {
        case name, row, samples
        case startS = "start_s", sampleRateHz = "sample_rate_hz"
    }
}
