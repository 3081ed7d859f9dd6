/// R-peak (QRS) detector for a single ECG lead.
///
/// A Pan–Tompkins detector with Hamilton–Tompkins decision rules:
/// 0. Inputs at 300 Hz or more are block-averaged to 150–300 Hz for detection (QRS energy lies below 40 Hz).
/// 1. QRS enhancement (`QRSEnhancer`): zero-phase 3–20 Hz Butterworth band-pass, central difference, and the RMS of
///    that slope over a centred 100 ms window (Pan & Tompkins, IEEE TBME 32(3), 1985, integrate the squared slope;
///    taking its root keeps the feature linear in amplitude, so small sinus beats between large ectopics survive).
/// 2. Candidates: local maxima of that feature, at most one per 230 ms refractory period.
/// 3. Classification with an adaptive threshold `noise + 0.3125 · (qrs − noise)`, where `qrs` and `noise` are medians
///    of the last 8 QRS and noise candidate heights (Hamilton & Tompkins, IEEE TBME 33(12), 1986).
/// 4. T-wave discrimination: a candidate within 360 ms of the previous QRS whose steepest band-passed slope is below
///    half of that QRS's is a T wave.
/// 5. Search-back: when no QRS has been found for 1.66 × the median RR interval, the largest candidate in the gap that
///    clears half the threshold and has at least 20 % of the recent QRS slope is taken as a missed beat.
/// 6. Refinement: the detection moves to the band-passed extremum (±75 ms), then to the largest deflection of the raw
///    lead, at its own sample rate, from its local isoelectric level (±50 ms), so indices point at the R (or dominant S/QS) apex; two
///    refined detections within the refractory period (one wide complex) keep the stronger.
///
/// Works at any sample rate (all durations are in seconds). The constants were chosen on the MIT-BIH Arrhythmia
/// Database, which is also where `ecg eval rpeaks` measures the detector (docs/ACCURACY.md).
public struct RPeakDetector: Sendable {
    public let sampleRate: Double

    /// Physiological refractory period: no two QRS complexes closer than this, seconds.
    static let refractoryPeriod = 0.230
    /// Candidates closer than this to the previous QRS face the T-wave test, seconds.
    static let tWaveWindow = 0.360
    /// Threshold position between the noise and QRS levels.
    static let thresholdCoefficient: Float = 0.3125
    /// Search back after this many median RR intervals without a QRS.
    static let searchBackFactor = 1.66
    /// A beat recovered by search-back needs at least this fraction of the recent QRS slopes (rejects P waves).
    static let searchBackSlopeFraction: Float = 0.2
    /// History length of the level and RR medians.
    static let historyLength = 8

    public init(sampleRate: Double) {
        self.sampleRate = sampleRate
    }

    /// Indices (into x) of R peaks, ascending. x is the raw lead in mV at `sampleRate`.
    /// Returns an empty array for inputs shorter than one second, with non-finite samples, or with a sample rate
    /// outside `ECGReadOptions.plausibleSampleRates`.
    public func detect(_ x: [Float]) -> [Int] {
        guard ECGReadOptions.plausibleSampleRates.contains(sampleRate), Double(x.count) >= sampleRate,
              x.allSatisfy(\.isFinite) else {
            return []
        }
        // Detection runs on a block-averaged copy near 150–300 Hz (QRS energy lies below 40 Hz); refinement
        // returns to the input's own sampling.
        let factor = max(1, Int(sampleRate / Self.workingRate))
        let stage = RPeakDetector(sampleRate: sampleRate / Double(factor))
        let enhanced = QRSEnhancer(Self.blockAverage(x, factor: factor), sampleRate: stage.sampleRate)
        let candidates = stage.findCandidates(enhanced.integrated)
        let beats = stage.classify(candidates, enhanced: enhanced)
        return refine(beats, raw: x, enhanced: enhanced, factor: factor)
    }

    /// Lowest rate detection runs at, Hz: inputs at twice this or more are block-averaged down.
    static let workingRate = 150.0

    /// Means of consecutive blocks of `factor` samples (a trailing partial block is averaged on its own).
    static func blockAverage(_ x: [Float], factor: Int) -> [Float] {
        guard factor > 1 else { return x }
        let count = (x.count + factor - 1) / factor
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            x.withUnsafeBufferPointer { x in
                for block in 0..<count {
                    let start = block * factor, end = min(x.count, start + factor)
                    var sum: Float = 0
                    for i in start..<end { sum += x[i] }
                    out[block] = sum / Float(end - start)
                }
            }
            initialized = count
        }
    }

    // MARK: - Candidates

    /// Local maxima of the integrated signal; within any 200 ms only the largest survives.
    func findCandidates(_ integrated: [Float]) -> [Int] {
        let n = integrated.count
        let refractory = samples(Self.refractoryPeriod)
        var peaks: [Int] = []
        peaks.reserveCapacity(n / max(refractory, 1) + 1)
        integrated.withUnsafeBufferPointer { y in
            guard n > 2 else { return }
            for i in 1..<(n - 1) where y[i] > y[i - 1] && y[i] >= y[i + 1] && y[i] > 0 {
                if let last = peaks.last, i - last < refractory {
                    if y[i] > y[last] { peaks[peaks.count - 1] = i }
                } else {
                    peaks.append(i)
                }
            }
        }
        return peaks
    }

    // MARK: - Classification

    func classify(_ candidates: [Int], enhanced: QRSEnhancer) -> [Int] {
        let y = enhanced.integrated
        guard !candidates.isEmpty else { return [] }
        let refractory = samples(Self.refractoryPeriod)
        let tWindow = samples(Self.tWaveWindow)
        let slopeHalfWindow = samples(0.075)

        // Initial levels from the first 8 seconds: the QRS level is the median of per-second maxima.
        var qrsLevels = RunningMedian(capacity: Self.historyLength)
        var noiseLevels = RunningMedian(capacity: Self.historyLength)
        var rrIntervals = RunningMedian(capacity: Self.historyLength)
        let second = samples(1)
        var start = 0
        while start < min(y.count, 8 * second) {
            let end = min(y.count, start + second)
            qrsLevels.append(y[start..<end].max() ?? 0)
            start = end
        }
        noiseLevels.append(0)

        var beats: [Int] = []
        var lastBeatSlope: Float = 0
        var slopeLevels = RunningMedian(capacity: Self.historyLength)
        var lastSearchedIndex = 0

        func maxSlope(around index: Int) -> Float {
            let lower = max(0, index - slopeHalfWindow), upper = min(y.count - 1, index + slopeHalfWindow)
            return enhanced.slope[lower...upper].max() ?? 0
        }
        func threshold() -> Float {
            let noise = noiseLevels.median, qrs = qrsLevels.median
            return noise + Self.thresholdCoefficient * max(qrs - noise, 0)
        }
        /// True when `index` (a candidate after the refractory period) looks like a T wave of the last beat.
        func isTWave(_ index: Int) -> Bool {
            guard let last = beats.last, index - last < tWindow else { return false }
            return maxSlope(around: index) < 0.5 * lastBeatSlope
        }
        func accept(_ index: Int) {
            if let last = beats.last { rrIntervals.append(Float(index - last)) }
            beats.append(index)
            lastBeatSlope = maxSlope(around: index)
            slopeLevels.append(lastBeatSlope)
            qrsLevels.append(y[index])
        }

        var position = 0
        while position < candidates.count {
            let index = candidates[position]
            // Search back for a missed beat when the gap since the last QRS has grown too long.
            if let last = beats.last, rrIntervals.count >= 1 {
                let limit = Int(Self.searchBackFactor * Double(rrIntervals.median))
                if index - last > limit, lastSearchedIndex < position {
                    let gapThreshold = 0.5 * threshold()
                    var best: Int?  // position in `candidates`
                    for scan in lastSearchedIndex..<position {
                        let c = candidates[scan]
                        if c - last >= refractory, index - c >= refractory, y[c] >= gapThreshold, !isTWave(c),
                           maxSlope(around: c) >= Self.searchBackSlopeFraction * slopeLevels.median,
                           best.map({ y[c] > y[candidates[$0]] }) ?? true {
                            best = scan
                        }
                    }
                    lastSearchedIndex = position
                    if let best {
                        accept(candidates[best])
                        // Look again from the recovered beat: the rest of the gap may hide another one.
                        lastSearchedIndex = best + 1
                        continue
                    }
                }
            }
            position += 1
            if let last = beats.last, index - last < refractory {
                continue
            }
            if y[index] >= threshold(), !isTWave(index) {
                accept(index)
                lastSearchedIndex = position
            } else {
                noiseLevels.append(y[index])
            }
        }
        return beats
    }

    // MARK: - Refinement

    /// Maps working-rate detections (`enhanced` is at `sampleRate / factor`) to apex indices into `raw`.
    private func refine(_ beats: [Int], raw: [Float], enhanced: QRSEnhancer, factor: Int) -> [Int] {
        let n = raw.count
        let bandpassed = enhanced.bandpassed, integrated = enhanced.integrated
        let workingRate = sampleRate / Double(factor)
        let bandHalf = max(1, Int((0.075 * workingRate).rounded()))
        let refractory = samples(Self.refractoryPeriod), rawHalf = samples(0.050), baselineOffset = samples(0.080)
        var refined: [Int] = []
        refined.reserveCapacity(beats.count)
        var lastSource = 0
        for beat in beats {
            // Band-passed extremum, at the working rate.
            var centre = beat
            var best: Float = -1
            for i in max(0, beat - bandHalf)...min(bandpassed.count - 1, beat + bandHalf) where abs(bandpassed[i]) > best {
                best = abs(bandpassed[i])
                centre = i
            }
            let fullCentre = min(n - 1, centre * factor + factor / 2)
            // Raw apex: largest deviation from the isoelectric level estimated on both sides of the complex.
            let level = 0.5 * (raw[max(0, fullCentre - baselineOffset)] + raw[min(n - 1, fullCentre + baselineOffset)])
            var apex = fullCentre
            best = -1
            for i in max(0, fullCentre - rawHalf)...min(n - 1, fullCentre + rawHalf) where abs(raw[i] - level) > best {
                best = abs(raw[i] - level)
                apex = i
            }
            // Two detections of one wide complex: keep the one with the larger integrated slope.
            if let last = refined.last, apex - last < refractory {
                if integrated[beat] > integrated[lastSource] {
                    refined[refined.count - 1] = apex
                    lastSource = beat
                }
                continue
            }
            refined.append(apex)
            lastSource = beat
        }
        return refined
    }

    private func samples(_ seconds: Double) -> Int { max(1, Int((seconds * sampleRate).rounded())) }
}

/// Median of the last `capacity` values (small windows: sorted copy on demand).
struct RunningMedian {
    private var values: [Float] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    var count: Int { values.count }

    mutating func append(_ value: Float) {
        if values.count < capacity {
            values.append(value)
        } else {
            values[next] = value
            next = (next + 1) % capacity
        }
    }

    var median: Float {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid])
    }
}
