import Foundation

/// Regular atrial activity between the QRS complexes: the dominant atrial frequency and how much of the atrial-band
/// power sits at it.
///
/// Method: the measurement-band signal with every QRS blanked (linear interpolation over `[R − 60 ms, R + 80 ms]`),
/// block-averaged to about 60 Hz, Hann-windowed; its power spectrum is evaluated from 2 to 12 Hz in 0.05 Hz steps.
/// `frequency_hz` is the spectral peak within 3.5-7 Hz (210-420 atrial waves per minute, the flutter range);
/// `organisation` = power within ±0.3 Hz of that peak and of its second harmonic / power in 2-12 Hz (a regular
/// sawtooth concentrates its power there; fibrillatory waves and noise spread it); `av_ratio` = atrial frequency /
/// ventricular rate (2 for typical 2:1 flutter).
public struct FlutterWaves: Sendable, Encodable, Equatable {
    public var frequencyHz: Double
    public var organisation: Double
    @ExplicitNull public var avRatio: Double? = nil

    static let band = (low: 3.5, high: 7.0)
    static let total = (low: 2.0, high: 12.0)
    static let halfWidth = 0.3
    /// Shortest stretch analysed, seconds.
    static let minimumDuration = 6.0

    /// `|Σₖ y[k]·e^(−iωk)|²`, the power of `y` at `ω` radians per sample, by Goertzel's recurrence:
    /// `s[k] = y[k] + 2 cos ω · s[k−1] − s[k−2]`, then `|X(ω)|² = s[n−1]² + s[n−2]² − 2 cos ω · s[n−1] · s[n−2]` —
    /// one multiply-add per sample instead of a sine and a cosine.
    static func power(of y: [Double], at omega: Double) -> Double {
        let coefficient = 2 * cos(omega)
        var previous = 0.0, beforePrevious = 0.0
        for value in y {
            let current = value + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// ``power(of:at:)`` at each of `omegas`, the same values: four recurrences advance together in one pass over `y`
    /// (each recurrence is a chain of dependent multiply-adds; four independent chains keep the core busy).
    static func powers(of y: [Double], at omegas: [Double]) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(omegas.count)
        var start = 0
        while start < omegas.count {
            let lanes = min(4, omegas.count - start)
            var coefficient = SIMD4<Double>(repeating: 0)
            for lane in 0..<lanes { coefficient[lane] = 2 * cos(omegas[start + lane]) }
            var previous = SIMD4<Double>(repeating: 0), beforePrevious = SIMD4<Double>(repeating: 0)
            for value in y {
                let current = SIMD4(repeating: value) + coefficient * previous - beforePrevious
                beforePrevious = previous
                previous = current
            }
            let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
            for lane in 0..<lanes { result.append(power[lane]) }
            start += lanes
        }
        return result
    }

    /// Analyses `signal[range]` (measurement band, `sampleRate`) with R peaks `rPeaks` (indices into `signal`).
    /// nil when the stretch is shorter than ``minimumDuration`` or carries no power.
    static func analyse(
        _ signal: [Float], sampleRate: Double, rPeaks: [Int], range: Range<Int>? = nil, ventricularRateBPM: Double?
    ) -> FlutterWaves? {
        let range = range ?? signal.indices
        guard sampleRate > 0, Double(range.count) / sampleRate >= minimumDuration else { return nil }
        var x = Array(signal[range]).map(Double.init)
        let before = Int((0.06 * sampleRate).rounded()), after = Int((0.08 * sampleRate).rounded())
        for r in rPeaks where range.contains(r) {
            let a = max(0, r - range.lowerBound - before), b = min(x.count - 1, r - range.lowerBound + after)
            guard a < b else { continue }
            let left = x[a], right = x[b]
            for k in a...b { x[k] = left + (right - left) * Double(k - a) / Double(b - a) }
        }
        let factor = max(1, Int((sampleRate / 60).rounded()))
        let rate = sampleRate / Double(factor)
        var y: [Double] = []
        y.reserveCapacity(x.count / factor + 1)
        var i = 0
        while i + factor <= x.count {
            var sum = 0.0
            for k in i..<(i + factor) { sum += x[k] }
            y.append(sum / Double(factor))
            i += factor
        }
        let n = y.count
        guard n > 16 else { return nil }
        let mean = y.reduce(0, +) / Double(n)
        for k in 0..<n { y[k] = (y[k] - mean) * (0.5 - 0.5 * cos(2 * Double.pi * Double(k) / Double(n - 1))) }
        let step = 0.05
        let frequencies = stride(from: total.low, through: min(total.high, rate / 2 - step), by: step).map { $0 }
        let power = Self.powers(of: y, at: frequencies.map { 2 * Double.pi * $0 / rate })
        let totalPower = power.reduce(0, +)
        guard totalPower > 0 else { return nil }
        var peak = -1
        for (k, f) in frequencies.enumerated() where f >= band.low && f <= band.high {
            if peak < 0 || power[k] > power[peak] { peak = k }
        }
        guard peak >= 0 else { return nil }
        let f0 = frequencies[peak]
        var concentrated = 0.0
        for (k, f) in frequencies.enumerated() where abs(f - f0) <= halfWidth || abs(f - 2 * f0) <= halfWidth {
            concentrated += power[k]
        }
        let ratio = ventricularRateBPM.flatMap { $0 > 0 ? (f0 * 60 / $0).rounded(toPlaces: 2) : nil }
        return FlutterWaves(
            frequencyHz: f0.rounded(toPlaces: 2), organisation: (concentrated / totalPower).rounded(toPlaces: 3), avRatio: ratio)
    }
}
