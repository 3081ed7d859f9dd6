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
            after one untimed run; reports wall-clock and thread CPU time (cpu_*: robust to other load). At rates \
            other than 250 Hz the time includes the interpolation to 250 Hz.
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
        var cpuTimes: [Double] = []
        for _ in 0..<iterations {
            let cpuStart = Self.threadCPUSeconds()
            let elapsed = clock.measure { result = MultiLeadDelineation.delineate(leads: leads, sampleRate: rate, rPeaks: peaks) }
            cpuTimes.append((Self.threadCPUSeconds() - cpuStart) * 1000)
            times.append(Self.milliseconds(elapsed))
        }
        times.sort()
        cpuTimes.sort()
        let found = result.combined.filter { $0.qrsOnset != nil && $0.tOffset != nil }.count
        let line: [String: Any] = [
            "file": URL(fileURLWithPath: file).lastPathComponent, "leads": leads.count, "samples": first.samples.count,
            "sample_rate_hz": rate, "duration_s": Double(first.samples.count) / rate, "beats": peaks.count,
            "beats_with_qrs_and_t_end": found, "median_ms": times[times.count / 2],
            "p90_ms": times[min(times.count - 1, Int(Double(times.count) * 0.9))], "min_ms": times[0],
            "cpu_median_ms": cpuTimes[cpuTimes.count / 2], "cpu_min_ms": cpuTimes[0],
            "bandpass_ms": Self.milliseconds(bandpass), "iterations": iterations,
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    /// CPU time of the calling thread, seconds (robust to other load on the machine; the delineation is single-threaded).
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
