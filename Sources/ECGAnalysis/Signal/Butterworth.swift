import Foundation

/// Digital Butterworth filter design, as `scipy.signal.butter(order, Wn, btype, fs=rate)` with `output="ba"`:
/// analog prototype poles → frequency transform (lp2lp / lp2hp / lp2bp) on prewarped edges → bilinear transform
/// → polynomial coefficients. All arithmetic is in Double.
enum Butterworth {
    enum Band: Sendable, Equatable {
        case lowpass(Double)
        case highpass(Double)
        case bandpass(Double, Double)
    }

    /// Transfer-function coefficients, `a[0] == 1`. Cutoffs in Hz, `0 < f < rate / 2`; order ≥ 1.
    /// Returns nil when the cutoffs are out of range.
    static func design(order: Int, band: Band, sampleRate: Double) -> IIRCoefficients? {
        guard order >= 1, order <= 16, sampleRate > 0 else { return nil }
        let nyquist = sampleRate / 2
        func valid(_ f: Double) -> Bool { f > 0 && f < nyquist && f.isFinite }
        // Prewarp with fs = 2 after normalising to Nyquist, exactly as scipy does.
        func warp(_ f: Double) -> Double { 4 * tan(Double.pi * (f / nyquist) / 2) }

        // Analog prototype: n poles on the left unit half-circle, no zeros, gain 1.
        var poles: [Complex] = (0..<order).map { k in
            let m = Double(-order + 1 + 2 * k)
            let angle = Double.pi * m / Double(2 * order)
            return -Complex(cos(angle), sin(angle))
        }
        var zeros: [Complex] = []
        var gain = 1.0

        switch band {
        case .lowpass(let f):
            guard valid(f) else { return nil }
            let wo = warp(f)
            poles = poles.map { wo * $0 }
            gain *= pow(wo, Double(order))
        case .highpass(let f):
            guard valid(f) else { return nil }
            let wo = warp(f)
            let product = poles.reduce(Complex(1)) { $0 * -$1 }
            gain *= (Complex(1) / product).re  // prod(-z) / prod(-p), no zeros
            poles = poles.map { Complex(wo) / $0 }
            zeros = Array(repeating: Complex(0), count: order)
        case .bandpass(let low, let high):
            guard valid(low), valid(high), low < high else { return nil }
            let w1 = warp(low), w2 = warp(high)
            let bandwidth = w2 - w1
            let centre = (w1 * w2).squareRoot()
            let scaled = poles.map { (bandwidth / 2) * $0 }
            let shift = scaled.map { ($0 * $0 - Complex(centre * centre)).squareRoot }
            poles = zip(scaled, shift).map { $0 + $1 } + zip(scaled, shift).map { $0 - $1 }
            zeros = Array(repeating: Complex(0), count: order)
            gain *= pow(bandwidth, Double(order))
        }

        // Bilinear transform with fs = 2 (fs2 = 4).
        let fs2 = Complex(4)
        let zNumerator = zeros.reduce(Complex(1)) { $0 * (fs2 - $1) }
        let zDenominator = poles.reduce(Complex(1)) { $0 * (fs2 - $1) }
        gain *= (zNumerator / zDenominator).re
        let digitalZeros = zeros.map { (fs2 + $0) / (fs2 - $0) }
            + Array(repeating: Complex(-1), count: poles.count - zeros.count)
        let digitalPoles = poles.map { (fs2 + $0) / (fs2 - $0) }

        let b = polynomial(digitalZeros).map { $0 * gain }
        let a = polynomial(digitalPoles)
        return IIRCoefficients(b: b, a: a)
    }

    /// Real coefficients of ∏(x − rootᵢ), highest power first (numpy.poly); roots come in conjugate pairs.
    static func polynomial(_ roots: [Complex]) -> [Double] {
        var coefficients = [Complex(1)]
        for root in roots {
            var next = coefficients + [Complex(0)]
            for i in 1..<next.count { next[i] = next[i] - root * coefficients[i - 1] }
            coefficients = next
        }
        return coefficients.map(\.re)
    }
}
