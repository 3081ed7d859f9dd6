/// P waves that no QRS follows, midway between conducted ones: the sign of 2:1 AV block, where the atria beat
/// regularly and only every other P wave reaches the ventricles (a slow, regular QRS rhythm that otherwise passes for
/// sinus bradycardia).
///
/// Method: the conducted P wave's template is the sample-wise median of the measurement signal over
/// `[P peak − 60 ms, P peak + 60 ms]` of the stretch's beats with a delineated P wave, each window detrended by the
/// straight line through its end points. With a regular atrial rhythm a blocked P wave lies midway between two
/// conducted ones, so for each pair of consecutive beats with P waves the template is slid over the midpoint of their
/// P peaks ± 12 % of the P-P interval (not before the first beat's T end + 40 ms when it was delineated, nor after the
/// second beat's P onset − 80 ms) and the best match is kept: Pearson correlation r with the detrended window, and
/// the least-squares gain g (the window's size relative to the template). A blocked P wave is counted where r ≥ 0.8
/// and 0.5 ≤ g ≤ 2: the same shape at a comparable size — the flat TP segment of sinus bradycardia correlates only by
/// chance, at a small gain, and a U wave or a T-wave tail has neither the P wave's shape nor its place.
///
/// The same search, restricted to the long RR intervals of dropped beats, tells second-degree block (a P wave on
/// schedule in the gap, not followed by a QRS) from a sinus pause (no P wave in the gap).
///
/// `pairs` is the number of beat pairs searched, `fraction` the share with a blocked P wave, `medianCorrelation`
/// the median best r over the pairs.
public struct BlockedPWaves: Sendable, Encodable, Equatable {
    public var pairs: Int
    public var fraction: Double
    public var medianCorrelation: Double

    static let halfWidth = 0.06
    static let searchFraction = 0.12
    static let afterTEnd = 0.04
    static let beforePOnset = 0.08
    static let minimumCorrelation = 0.8
    static let gainRange = 0.5...2.0
    /// Beats with a delineated P wave needed for a template.
    static let minimumTemplateBeats = 3

    /// Analyses the beats `range` of `peaks` / `waves` (positions in `signal`, the measurement band at `sampleRate`):
    /// the template from every beat of `range`, the search between beats i and i + 1 for every i of `pairs` (default:
    /// every consecutive pair of `range`). nil when fewer than ``minimumTemplateBeats`` beats have a P wave, or no
    /// pair can be searched.
    static func analyse(
        _ signal: [Float], sampleRate: Double, peaks: [Int], waves: [BeatWaves], range: Range<Int>, pairs: [Int]? = nil
    ) -> BlockedPWaves? {
        guard sampleRate > 0, peaks.count == waves.count, range.lowerBound >= 0, range.upperBound <= peaks.count
        else { return nil }
        let half = Int((halfWidth * sampleRate).rounded())
        guard half >= 2 else { return nil }
        func window(at center: Int) -> [Float]? {
            let low = center - half
            guard low >= 0, center + half < signal.count else { return nil }
            return detrended(signal[low...(center + half)])
        }
        let windows = range.compactMap { i in waves[i].pPeak.flatMap { window(at: Int($0.rounded())) } }
        guard windows.count >= minimumTemplateBeats else { return nil }
        let template = SampleWiseMedian.of(windows).map(Double.init)
        let energy = template.reduce(0) { $0 + $1 * $1 }
        let templateMean = template.reduce(0, +) / Double(template.count)
        let centred = template.map { $0 - templateMean }
        let centredEnergy = centred.reduce(0) { $0 + $1 * $1 }
        guard energy > 0, centredEnergy > 0 else { return nil }
        // Pearson r and the gain of the detrended window centred at `center`, in one pass without copying it.
        func match(at center: Int) -> (r: Double, gain: Double)? {
            let low = center - half, count = 2 * half + 1
            guard low >= 0, center + half < signal.count else { return nil }
            let a = Double(signal[low]), step = (Double(signal[center + half]) - a) / Double(count - 1)
            var sum = 0.0, squares = 0.0, crossCentred = 0.0, cross = 0.0
            for k in 0..<count {
                let v = Double(signal[low + k]) - (a + step * Double(k))
                sum += v
                squares += v * v
                crossCentred += centred[k] * v
                cross += template[k] * v
            }
            let spread = squares - sum * sum / Double(count)
            guard spread > 0 else { return nil }
            return (crossCentred / (centredEnergy * spread).squareRoot(), cross / energy)
        }

        var correlations: [Double] = []
        var found = 0
        for i in pairs ?? Array(range.dropLast()) where range.contains(i) && range.contains(i + 1) {
            guard let first = waves[i].pPeak, let second = waves[i + 1].pPeak, second > first else { continue }
            let interval = second - first
            let middle = (first + second) / 2
            var low = Int((middle - searchFraction * interval).rounded())
            var high = Int((middle + searchFraction * interval).rounded())
            if let tEnd = waves[i].tOffset { low = max(low, Int((tEnd + afterTEnd * sampleRate).rounded()) + half) }
            if let pOnset = waves[i + 1].pOnset {
                high = min(high, Int((pOnset - beforePOnset * sampleRate).rounded()) - half)
            }
            low = max(low, peaks[i] + half)
            high = min(high, peaks[i + 1] - half)
            guard low <= high else { continue }
            var best: (r: Double, gain: Double)?
            for center in low...high {
                guard let m = match(at: center), m.r > best?.r ?? -2 else { continue }
                best = m
            }
            guard let best else { continue }
            correlations.append(best.r)
            if best.r >= minimumCorrelation, gainRange.contains(best.gain) { found += 1 }
        }
        guard !correlations.isEmpty else { return nil }
        let sorted = correlations.sorted()
        return BlockedPWaves(
            pairs: correlations.count, fraction: (Double(found) / Double(correlations.count)).rounded(toPlaces: 3),
            medianCorrelation: sorted[sorted.count / 2].rounded(toPlaces: 3))
    }

    /// `x` minus the straight line through its first and last samples.
    static func detrended(_ x: ArraySlice<Float>) -> [Float] {
        guard let a = x.first, let b = x.last, x.count > 1 else { return Array(x) }
        let step = (b - a) / Float(x.count - 1)
        return x.enumerated().map { k, v in v - (a + step * Float(k)) }
    }
}
