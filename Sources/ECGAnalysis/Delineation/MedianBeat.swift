/// The median beat: per-sample median over aligned, regular normal beats. Averaging cancels noise and
/// uncorrelated atrial activity (fibrillatory waves) while keeping the P-QRS-T morphology.
struct MedianBeat: Sendable, Equatable {
    /// Template samples, mV (of the band-passed signal), `rIndex` is the R peak.
    var samples: [Float]
    /// Index of the R peak inside `samples`.
    var rIndex: Int
    /// Samples per second of `samples`, Hz.
    var sampleRate: Double
    /// Beats the median was taken over.
    var beatCount: Int
    /// Median RR interval of the beats used, seconds.
    var medianRR: Double
    /// True when too few normal beats were found and regular beats of every class were averaged.
    var allClasses = false

    /// Seconds of signal kept before and after the R peak.
    static let before = 0.40
    static let after = 0.60
    /// At most this many beats (spread evenly over the recording) enter the median.
    static let maximumBeats = 240
    /// At least this many regular normal beats are needed.
    static let minimumBeats = 5
    /// Beats are realigned on the local extreme within this distance of the detected R peak, seconds.
    static let alignmentSearch = 0.04

    enum Failure: Error, Equatable {
        case tooFewBeats(Int)

        var reason: String {
            switch self {
            case .tooFewBeats(let count):
                "fewer than \(MedianBeat.minimumBeats) regular normal beats to average (\(count))"
            }
        }
    }

    /// Builds the median beat of `signal` (mV at `sampleRate`) from the beats at `rPeaks` (indices into `signal`)
    /// whose class is normal and whose preceding and following RR are within 20 % of the median RR of those beats.
    /// When fewer than `minimumBeats` normal beats qualify (a model that labels few beats normal), every regular
    /// beat is used instead and `allClasses` is set.
    static func build(signal: [Float], sampleRate: Double, rPeaks: [Int], classes: [AAMIClass]) -> Result<MedianBeat, Failure> {
        let count = min(rPeaks.count, classes.count)
        let normal = select(signal: signal, sampleRate: sampleRate, rPeaks: rPeaks, count: count) { classes[$0] == .normal }
        if let normal, normal.peaks.count >= minimumBeats {
            return .success(average(normal.peaks, signal: signal, sampleRate: sampleRate, medianRR: normal.medianRR, allClasses: false))
        }
        let any = select(signal: signal, sampleRate: sampleRate, rPeaks: rPeaks, count: count) { _ in true }
        guard let any, any.peaks.count >= minimumBeats else { return .failure(.tooFewBeats(normal?.peaks.count ?? 0)) }
        return .success(average(any.peaks, signal: signal, sampleRate: sampleRate, medianRR: any.medianRR, allClasses: true))
    }

    /// Beats passing `include` whose window fits in `signal` and whose neighbouring RR intervals are within 20 % of
    /// the median RR between consecutive included beats (at most `maximumBeats`, spread evenly).
    private static func select(
        signal: [Float], sampleRate: Double, rPeaks: [Int], count: Int, include: (Int) -> Bool
    ) -> (peaks: [Int], medianRR: Double)? {
        var rr: [Double] = []
        for i in 1..<max(1, count) where include(i) && include(i - 1) {
            rr.append(Double(rPeaks[i] - rPeaks[i - 1]) / sampleRate)
        }
        guard !rr.isEmpty else { return nil }
        let medianRR = HeartRateAnalysis.median(rr)
        let pre = Int((before * sampleRate).rounded())
        let post = Int((after * sampleRate).rounded())
        var chosen: [Int] = []
        if count >= 3 {
            for i in 1..<(count - 1) where include(i) {
                let preRR = Double(rPeaks[i] - rPeaks[i - 1]) / sampleRate
                let postRR = Double(rPeaks[i + 1] - rPeaks[i]) / sampleRate
                guard abs(preRR - medianRR) <= 0.2 * medianRR, abs(postRR - medianRR) <= 0.2 * medianRR,
                      rPeaks[i] - pre >= 0, rPeaks[i] + post < signal.count else { continue }
                chosen.append(rPeaks[i])
            }
        }
        if chosen.count > maximumBeats {
            let step = Double(chosen.count) / Double(maximumBeats)
            chosen = (0..<maximumBeats).map { chosen[Int(Double($0) * step)] }
        }
        return (chosen, medianRR)
    }

    private static func average(_ peaks: [Int], signal: [Float], sampleRate: Double, medianRR: Double, allClasses: Bool) -> MedianBeat {
        let pre = Int((before * sampleRate).rounded())
        let post = Int((after * sampleRate).rounded())
        let aligned = realign(peaks, in: signal, sampleRate: sampleRate, margin: (pre, post))
        let length = pre + post + 1
        var column = [Float](repeating: 0, count: aligned.count)
        var template = [Float](repeating: 0, count: length)
        for offset in 0..<length {
            for (k, r) in aligned.enumerated() { column[k] = signal[r - pre + offset] }
            column.sort()
            let middle = column.count / 2
            template[offset] = column.count % 2 == 1 ? column[middle] : (column[middle - 1] + column[middle]) / 2
        }
        return MedianBeat(
            samples: template, rIndex: pre, sampleRate: sampleRate, beatCount: aligned.count, medianRR: medianRR,
            allClasses: allClasses)
    }

    /// Moves each R peak to the extreme of the dominant QRS polarity within ±40 ms, keeping the window inside `signal`.
    private static func realign(_ peaks: [Int], in signal: [Float], sampleRate: Double, margin: (Int, Int)) -> [Int] {
        let search = max(1, Int(alignmentSearch * sampleRate))
        let polarity: Float = HeartRateAnalysis.median(peaks.map { Double(signal[$0]) }) >= 0 ? 1 : -1
        return peaks.map { r in
            let low = max(margin.0, r - search)
            let high = min(signal.count - 1 - margin.1, r + search)
            guard low <= high else { return r }
            var best = r
            for i in low...high where polarity * signal[i] > polarity * signal[best] { best = i }
            return best
        }
    }
}
