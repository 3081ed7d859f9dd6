import Foundation

/// Polyphase windowed-sinc resampling, in the spirit of scipy.signal.resample_poly: the rate ratio is reduced to
/// up/down integers, the anti-aliasing low-pass is a Kaiser-windowed sinc (β = 5, 10 zero crossings each side of
/// the narrower band) cut at the lower of the two Nyquist frequencies, and each output sample is one dot product
/// with the precomputed phase of that filter. Edges are extended with the end samples (no droop towards zero).
/// Output length: ceil(n · to / from). Rates outside `usableRates`, or outputs beyond 2³¹ samples, return the input.
enum Resampler {
    /// Largest up-sampling factor kept exact; irrational-looking ratios are approximated to this resolution.
    static let maxPhases = 4096
    static let kaiserBeta = 5.0
    static let zeroCrossings = 10
    /// Rates outside this range (Hz) leave the signal unchanged.
    static let usableRates: ClosedRange<Double> = 0.01...10_000_000

    static func resample(_ x: [Float], from: Double, to: Double) -> [Float] {
        guard usableRates.contains(from), usableRates.contains(to), !x.isEmpty, from != to,
              Double(x.count) * to / from < Double(Int32.max) else { return x }
        let (up, down) = ratio(from: from, to: to)
        let outputCount = Int((Double(x.count) * Double(up) / Double(down)).rounded(.up))
        // Cut-off relative to the up-sampled rate's Nyquist; taps per phase span the sinc's zero crossings.
        let cutoff = 1.0 / Double(max(up, down))
        let halfTaps = zeroCrossings * max(up, down)          // in up-sampled samples
        let tapsPerPhase = (2 * halfTaps) / up + 2
        // Phase p holds filter taps h[k·up + p] for the input samples around the output position.
        var phases = [Float](repeating: 0, count: up * tapsPerPhase)
        let besselBeta = besselI0(kaiserBeta)
        for p in 0..<up {
            for t in 0..<tapsPerPhase {
                // Distance (in up-sampled samples) from the output instant to input sample (base − halfIn + t).
                let offset = Double((t - tapsPerPhase / 2 + 1) * up - p)
                guard abs(offset) <= Double(halfTaps) else { continue }
                let windowArg = 1 - (offset / Double(halfTaps)) * (offset / Double(halfTaps))
                let window = besselI0(kaiserBeta * max(0, windowArg).squareRoot()) / besselBeta
                let argument = Double.pi * offset * cutoff
                let sinc = offset == 0 ? 1 : sin(argument) / argument
                phases[p * tapsPerPhase + t] = Float(Double(up) * cutoff * sinc * window)
            }
        }
        // Normalise each phase to unit DC gain so constant signals stay constant.
        for p in 0..<up {
            var sum: Float = 0
            for t in 0..<tapsPerPhase { sum += phases[p * tapsPerPhase + t] }
            if sum != 0 { for t in 0..<tapsPerPhase { phases[p * tapsPerPhase + t] /= sum } }
        }
        var output = [Float](repeating: 0, count: outputCount)
        let n = x.count
        let lead = tapsPerPhase / 2 - 1
        x.withUnsafeBufferPointer { input in
            phases.withUnsafeBufferPointer { taps in
                output.withUnsafeMutableBufferPointer { out in
                    for i in 0..<outputCount {
                        let position = i * down               // in up-sampled samples
                        let base = position / up
                        let phase = position % up
                        let start = base - lead
                        let row = phase * tapsPerPhase
                        var sum: Float = 0
                        if start >= 0, start + tapsPerPhase <= n {
                            for t in 0..<tapsPerPhase { sum += taps[row + t] * input[start + t] }
                        } else {
                            for t in 0..<tapsPerPhase {
                                sum += taps[row + t] * input[min(max(start + t, 0), n - 1)]
                            }
                        }
                        out[i] = sum
                    }
                }
            }
        }
        return output
    }

    /// Reduced integers with up / down ≈ to / from (exact for rates given to 1/1000 Hz when small enough).
    static func ratio(from: Double, to: Double) -> (up: Int, down: Int) {
        let scaledFrom = Int((from * 1000).rounded()), scaledTo = Int((to * 1000).rounded())
        let divisor = gcd(scaledFrom, scaledTo)
        var up = scaledTo / divisor, down = scaledFrom / divisor
        if up > maxPhases || down > maxPhases * 16 {
            // Best rational approximation with up ≤ maxPhases.
            let target = to / from
            var best = (Int((target * Double(maxPhases)).rounded()), maxPhases)
            var bestError = Double.infinity
            for candidateUp in 1...maxPhases {
                let candidateDown = max(1, Int((Double(candidateUp) / target).rounded()))
                let error = abs(Double(candidateUp) / Double(candidateDown) - target)
                if error < bestError {
                    bestError = error
                    best = (candidateUp, candidateDown)
                    if error < 1e-9 * target { break }
                }
            }
            (up, down) = best
        }
        return (up, down)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (abs(a), abs(b))
        while y != 0 { (x, y) = (y, x % y) }
        return max(x, 1)
    }

    /// Modified Bessel function of the first kind, order 0 (power series).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        let half = x / 2
        for k in 1..<64 {
            term *= (half / Double(k)) * (half / Double(k))
            sum += term
            if term < 1e-17 * sum { break }
        }
        return sum
    }
}
