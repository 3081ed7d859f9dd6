/// Pacemaker stimulus artefacts on the raw (unfiltered) lead.
///
/// A stimulus is a deflection far sharper than any QRS slope. Per beat, in a window before its R peak, the
/// spikiness is `max |x[n+1] − 2x[n] + x[n−1]| / max |x[n] − x[n−1]|` (second difference over first difference):
/// about 0.3-0.6 on a smooth QRS upstroke, near 1 on a one-sample stimulus. A window is spiky when the ratio reaches
/// ``spikinessThreshold`` and the second difference is at least ``minimumRelativeSpike`` of the beat's QRS amplitude.
/// Ventricular window: `[R − 120 ms, R + 20 ms]`; atrial window: `[R − 300 ms, R − 120 ms)` (a stimulus before the P
/// wave). Only used when the sample rate is at least ``minimumSampleRate``; below it a stimulus is smeared over
/// samples and cannot be told from a QRS slope.
enum PacingSpikes {
    static let spikinessThreshold: Float = 0.75
    static let minimumRelativeSpike: Float = 0.15
    static let minimumSampleRate = 250.0
    static let ventricularWindow = (start: -0.120, end: 0.020)
    static let atrialWindow = (start: -0.300, end: -0.120)

    /// Per beat: (ventricular stimulus, atrial stimulus). Empty when the sample rate is too low.
    static func detect(_ x: [Float], sampleRate: Double, rPeaks: [Int]) -> [(ventricular: Bool, atrial: Bool)] {
        guard sampleRate >= minimumSampleRate, x.count > 4 else { return [] }
        let n = x.count
        func samples(_ s: Double) -> Int { Int((s * sampleRate).rounded()) }
        return rPeaks.map { r in
            let amplitudeLow = max(1, r - samples(0.1)), amplitudeHigh = min(n - 2, r + samples(0.1))
            guard amplitudeLow < amplitudeHigh else { return (false, false) }
            var low = x[amplitudeLow], high = x[amplitudeLow]
            for k in amplitudeLow...amplitudeHigh { low = min(low, x[k]); high = max(high, x[k]) }
            let amplitude = high - low
            func spiky(_ start: Double, _ end: Double) -> Bool {
                let a = max(1, r + samples(start)), b = min(n - 2, r + samples(end))
                guard a < b, amplitude > 0 else { return false }
                var second: Float = 0, first: Float = 0
                for k in a...b {
                    second = max(second, abs(x[k + 1] - 2 * x[k] + x[k - 1]))
                    first = max(first, abs(x[k] - x[k - 1]))
                }
                guard first > 0 else { return false }
                return second / first >= spikinessThreshold && second >= minimumRelativeSpike * amplitude
            }
            return (spiky(ventricularWindow.start, ventricularWindow.end), spiky(atrialWindow.start, atrialWindow.end))
        }
    }
}
