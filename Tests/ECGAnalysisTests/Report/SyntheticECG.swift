import Foundation
@testable import ECGAnalysis

/// ECG-like test signals built from Gaussian P, Q, R, S and T waves at known positions (mV).
struct SyntheticECG {
    /// One wave: amplitude (mV), centre relative to the R peak (s), width σ (s).
    struct Wave { var amplitude: Double; var centre: Double; var width: Double }

    static let normalBeat = [
        Wave(amplitude: 0.15, centre: -0.160, width: 0.020),  // P
        Wave(amplitude: -0.10, centre: -0.025, width: 0.008),  // Q
        Wave(amplitude: 1.20, centre: 0, width: 0.010),  // R
        Wave(amplitude: -0.25, centre: 0.025, width: 0.009),  // S
        Wave(amplitude: 0.35, centre: 0.280, width: 0.045),  // T
    ]

    /// The normal beat without its P wave.
    static var beatWithoutP: [Wave] { Array(normalBeat.dropFirst()) }

    /// A wide, tall ventricular beat without P wave.
    static let ventricularBeat = [
        Wave(amplitude: 1.6, centre: 0, width: 0.035),
        Wave(amplitude: -0.45, centre: 0.300, width: 0.060),
    ]

    /// Deterministic pseudo-random numbers (SplitMix64) so tests are reproducible.
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
        mutating func gaussian() -> Double {
            let u = max(next(), 1e-12), v = next()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// Samples of beats at `rTimes` (s) with the given morphologies, plus Gaussian noise of `noise` mV RMS and
    /// an optional fibrillatory wave (sum of 5-7 Hz sines of `fibrillation` mV).
    static func signal(
        duration: Double, sampleRate: Double, rTimes: [Double], morphologies: [[Wave]], noise: Double = 0.01,
        fibrillation: Double = 0, seed: UInt64 = 1
    ) -> [Float] {
        let count = Int(duration * sampleRate)
        var x = [Double](repeating: 0, count: count)
        for (r, waves) in zip(rTimes, morphologies) {
            for wave in waves {
                let centre = (r + wave.centre) * sampleRate
                let reach = 5 * wave.width * sampleRate
                let low = max(0, Int(centre - reach)), high = min(count - 1, Int(centre + reach))
                guard low <= high else { continue }
                for i in low...high {
                    let d = (Double(i) - centre) / (wave.width * sampleRate)
                    x[i] += wave.amplitude * exp(-0.5 * d * d)
                }
            }
        }
        var random = Random(state: seed)
        for i in 0..<count {
            let t = Double(i) / sampleRate
            if fibrillation > 0 {
                x[i] += fibrillation * (sin(2 * .pi * 5.3 * t) + 0.7 * sin(2 * .pi * 6.7 * t + 1.3) + 0.5 * sin(2 * .pi * 5.9 * t + 0.4)) / 2.2
            }
            x[i] += noise * random.gaussian()
        }
        return x.map { Float($0) }
    }

    /// R times for a regular rhythm at `bpm`, first beat at 0.5 s.
    static func regularTimes(bpm: Double, duration: Double) -> [Double] {
        stride(from: 0.5, to: duration - 0.7, by: 60 / bpm).map { $0 }
    }

    /// R times with RR drawn uniformly from `range` (an irregularly irregular rhythm).
    static func irregularTimes(range: ClosedRange<Double>, duration: Double, seed: UInt64 = 7) -> [Double] {
        var random = Random(state: seed)
        var times: [Double] = []
        var t = 0.5
        while t < duration - 0.7 {
            times.append(t)
            t += range.lowerBound + (range.upperBound - range.lowerBound) * random.next()
        }
        return times
    }

    /// Classified beats at `times` with `labels` (cycled), as the model would return them.
    static func beats(times: [Double], labels: [String], sampleRate: Double = 360) -> [ClassifiedBeat] {
        times.enumerated().map { i, t in
            ClassifiedBeat(sample: Int((t * sampleRate).rounded()), time: t, label: labels[i % labels.count], probability: 0.9)
        }
    }
}
