/// The undecimated dyadic wavelet transform of Martínez et al. 2004 (after Mallat and Li 1995): the derivative of a
/// quadratic-spline smoothing function, computed with the algorithme à trous at scales 2¹ … 2⁵.
///
/// Filters (at 250 Hz, the rate the scales were designed for):
///
///     H(e^{jω}) = e^{jω/2} cos³(ω/2)     low-pass   h = [1, 3, 3, 1] / 8 at offsets (−1, 0, 1, 2)
///     G(e^{jω}) = 4j e^{jω/2} sin(ω/2)    high-pass  g = [−2, 2]        at offsets (0, 1)
///
/// Scale k uses the filters with 2^(k−1) − 1 zeros inserted between taps:
///
///     a₀ = x,  a_k[n] = Σ h[i] a_{k−1}[n + 2^(k−1) i],   W_k[n] = 2 (a_{k−1}[n + 2^(k−1)] − a_{k−1}[n])
///
/// so `W_k` is proportional to the derivative of `x` smoothed at scale 2^k: a wave's peak is a zero crossing of
/// `W_k` between two extrema of opposite sign (its steepest slopes), and a wave boundary is where |W_k| falls
/// back towards zero. The filters' group delay (2^(k−1) − ½ samples at scale k) is removed by shifting each
/// scale by 2^(k−1) samples; the ½-sample remainder is common to every scale and is corrected when indices are
/// mapped back to time (`halfSampleDelay`).
///
/// Shapes: `x` is `[n]`; `scales[k − 1]` is `[n]` for k = 1 … `levels`. Edges repeat the end samples.
struct DyadicWaveletTransform: Sendable {
    /// The sampling rate the filters were designed for, Hz (scale 2⁴ then spans the T-wave band, about 3-10 Hz).
    static let designRate = 250.0
    /// Delay, in samples, that remains after the integer shift of every scale.
    static let halfSampleDelay = 0.5

    /// `scales[k − 1]` is W_{2^k}, delay-compensated, same length as the input.
    let scales: [[Float]]

    /// Computes W_{2^k} for the `needed` scales (others are left empty; the smoothing runs through all levels).
    init(_ x: [Float], levels: Int = 5, needed: Set<Int>? = nil) {
        let n = x.count
        var approximation = x
        var scales: [[Float]] = []
        scales.reserveCapacity(levels)
        guard n > 0 else {
            self.scales = Array(repeating: [], count: levels)
            return
        }
        var next = [Float](repeating: 0, count: n)
        for k in 1...levels {
            let step = 1 << (k - 1)
            let wanted = needed?.contains(k) ?? true
            var w = [Float](repeating: 0, count: wanted ? n : 0)
            approximation.withUnsafeBufferPointer { a in
                if wanted { w.withUnsafeMutableBufferPointer { out in
                    // W_k[m] (shifted by `step`) = 2 (a[m] − a[m − step]).
                    for m in 0..<min(step, n) { out[m] = 2 * (a[m] - a[0]) }
                    if step < n { for m in step..<n { out[m] = 2 * (a[m] - a[m - step]) } }
                } }
                if k < levels, needed.map({ $0.contains { $0 > k } }) ?? true {
                    next.withUnsafeMutableBufferPointer { out in
                        let last = n - 1
                        func clamped(_ m: Int) -> Float {
                            (a[max(0, m - step)] + 3 * a[m] + 3 * a[min(last, m + step)] + a[min(last, m + 2 * step)]) * 0.125
                        }
                        // Interior without bounds clamping; the edges repeat the end samples.
                        let interior = step..<max(step, n - 2 * step)
                        for m in 0..<min(step, n) { out[m] = clamped(m) }
                        for m in interior { out[m] = (a[m - step] + 3 * (a[m] + a[m + step]) + a[m + 2 * step]) * 0.125 }
                        for m in max(step, interior.upperBound)..<n { out[m] = clamped(m) }
                    }
                }
            }
            scales.append(w)
            if k < levels { swap(&approximation, &next) }
        }
        self.scales = scales
    }

    /// W_{2^k} for k = 1 … levels (empty when not among the `needed` scales).
    func scale(_ k: Int) -> [Float] { scales[k - 1] }
}
