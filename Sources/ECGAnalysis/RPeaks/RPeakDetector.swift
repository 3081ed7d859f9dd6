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
    /// After this many seconds without a QRS the levels are learnt again from the candidates of that stretch (the
    /// largest `historyLength` heights become the QRS levels, the noise level restarts at 0), as at the start: the
    /// signal may have changed (another electrode position, gain, or patient) so that every QRS is below the old
    /// threshold and the old levels would never decay.
    static let relearnSeconds = 8.0

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
        // returns to the input's own sampling. One block covers the whole lead; `RPeakStream` also runs block by
        // block for long recordings.
        var stream = RPeakStream(sampleRate: sampleRate, totalSamples: x.count)
        stream.consume(x, offset: 0, core: 0..<x.count)
        return stream.finish()
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

    /// `seconds` in samples at `sampleRate`, at least 1.
    func samplesFor(_ seconds: Double) -> Int { max(1, Int((seconds * sampleRate).rounded())) }
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
