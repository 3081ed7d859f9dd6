import ArgumentParser
import ECGAnalysis
import Foundation

/// `ecg bench delineation RECORD`: times the per-beat, multi-lead delineation of a whole recording.
struct BenchDelineationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delineation",
        abstract: "Time the P/QRS/T delineation of every beat of every lead of a recording; prints one JSON line.",
        discussion: """
            Reads the recording (CSV, NPY, WFDB .hea), band-passes every lead (0.5-40 Hz, as the analyzer does; \
            timed separately as bandpass_ms), detects R peaks on the first lead, then times `iterations` runs of \
            MultiLeadDelineation.delineate (wavelet transform, per-beat search on every lead, lead combination) \
            after one untimed run. At rates other than 250 Hz the time includes the resampling to 250 Hz.
            """
    )

    @Argument(help: "Recording file, e.g. ../shared/data/mitdb/100.hea (30 min, 2 leads).") var file: String
    @Option(help: "Timed runs.") var iterations: Int = 10

    func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
    }

    func run() throws {
        let recording = try ECGFileReader.read(path: file)
        let rate = recording.sampleRate
        let clock = ContinuousClock()
        var leads: [(name: String, samples: [Float])] = []
        let bandpass = clock.measure {
            leads = recording.leads.map { (name: $0.name, samples: MultiLeadDelineation.measurementBand($0.samples, sampleRate: rate)) }
        }
        guard let first = recording.leads.first else { throw ValidationError("the recording has no leads") }
        let peaks = RPeakDetector(sampleRate: rate).detect(first.samples)
        var result = MultiLeadDelineation.delineate(leads: leads, sampleRate: rate, rPeaks: peaks)
        var times: [Double] = []
        for _ in 0..<iterations {
            let elapsed = clock.measure { result = MultiLeadDelineation.delineate(leads: leads, sampleRate: rate, rPeaks: peaks) }
            times.append(Self.milliseconds(elapsed))
        }
        times.sort()
        let found = result.combined.filter { $0.qrsOnset != nil && $0.tOffset != nil }.count
        let line: [String: Any] = [
            "file": URL(fileURLWithPath: file).lastPathComponent, "leads": leads.count, "samples": first.samples.count,
            "sample_rate_hz": rate, "duration_s": Double(first.samples.count) / rate, "beats": peaks.count,
            "beats_with_qrs_and_t_end": found, "median_ms": times[times.count / 2],
            "p90_ms": times[min(times.count - 1, Int(Double(times.count) * 0.9))], "min_ms": times[0],
            "bandpass_ms": Self.milliseconds(bandpass), "iterations": iterations,
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
