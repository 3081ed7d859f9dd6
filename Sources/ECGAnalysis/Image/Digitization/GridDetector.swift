import Foundation

/// Finds the ECG paper grid's pitch from the periodicity of the page's darkness profiles.
///
/// The profile across vertical grid lines (`ShearedProjection` at the page's rotation, so tilted lines stay sharp)
/// is detrended and autocorrelated: `r(ℓ) = Σ p[i] p[i+ℓ] / Σ p[i]²`. Fine lines every 1 mm and bold lines every
/// 5 mm give peaks at multiples of the fine period. The shortest lag whose peak reaches 80 % of the highest is the
/// basic period `P`; it is the bold (5 mm) period when `r` also peaks near `P / 5`, or when `P` is too long to be
/// a millimetre at 80–380 dpi (≥ 15 px); shorter uniform periods are taken as 1 mm unless the file's stated dpi says
/// they are 5 mm. The 5-mm period is then refined to a fraction of
/// a pixel from the autocorrelation peaks at 2, 4, 8, … times it (the error shrinks with the lag), and corrected
/// for the rotation (`period · cos θ`).
struct GridDetector {
    struct Grid: Equatable {
        /// Pixels per millimetre.
        var pixelsPerMillimetre: Double
        /// Height of the winning autocorrelation peak, 0…1: how clearly periodic the grid is.
        var strength: Double
    }

    /// Smallest autocorrelation peak accepted as a grid.
    static let minimumStrength = 0.15

    /// Grid pitch from the profile across the vertical lines (the time axis), confirmed by the profile across the
    /// horizontal lines: a paper grid is square, so both must give the same pitch within 3 %. Periodic structure in
    /// one direction only (QRS complexes, text, JPEG blocks) is not a grid, and nil is returned.
    func detect(_ paper: GrayPlane, rotationDegrees: Double, dotsPerInch: Double?) -> Grid? {
        let t = tan(rotationDegrees * .pi / 180)
        let cosine = cos(rotationDegrees * .pi / 180)
        let hint = dotsPerInch.map { $0 / 25.4 }
        let grids = [ShearedProjection.Axis.columns, .rows].map { axis -> Grid? in
            let across = axis == .rows ? paper.width : paper.height
            let profile = ShearedProjection.profile(paper, axis: axis, tangent: t, stride: max(1, across / 600))
            // Drop the bins that only part of the page reaches (the sheared margins).
            let trimmed = Array(profile.values[(2 * profile.offset)..<(profile.values.count - 2 * profile.offset)])
            return Self.period(of: trimmed, hint: hint)
        }
        guard let horizontal = grids[0], let vertical = grids[1],
              abs(horizontal.pixelsPerMillimetre - vertical.pixelsPerMillimetre) <= 0.03 * horizontal.pixelsPerMillimetre
        else { return nil }
        return Grid(pixelsPerMillimetre: horizontal.pixelsPerMillimetre * cosine,
                    strength: min(horizontal.strength, vertical.strength))
    }

    /// Pitch of one detrended profile, or nil when it is not periodic enough.
    static func period(of raw: [Float], hint: Double?) -> Grid? {
        let n = raw.count
        guard n >= 64 else { return nil }
        let p = detrend(raw, window: 101)
        let energy = p.reduce(Float(0)) { $0 + $1 * $1 }
        guard energy > 0 else { return nil }
        let maxLag = min(n / 3, 160)
        func r(_ lag: Int) -> Double {
            guard lag > 0, lag < n else { return 0 }
            var sum: Float = 0
            p.withUnsafeBufferPointer { p in for i in 0..<(n - lag) { sum += p[i] * p[i + lag] } }
            return Double(sum / energy)
        }
        let acf = (0...maxLag).map { $0 < 2 ? 0 : r($0) }
        let peaks = (3..<maxLag).filter { acf[$0] > acf[$0 - 1] && acf[$0] >= acf[$0 + 1] && acf[$0] > 0 }
        guard let top = peaks.map({ acf[$0] }).max(), top >= minimumStrength else { return nil }
        guard var basic = peaks.first(where: { acf[$0] >= 0.8 * top }) else { return nil }
        // A period that is not a whole number of pixels rasterises unevenly, which can make twice or three times
        // the period correlate better than the period itself: step down while a half or a third still peaks.
        var stepped = true
        while stepped {
            stepped = false
            for divisor in [2.0, 3.0] {
                let target = Double(basic) / divisor
                if let lower = peaks.first(where: { abs(Double($0) - target) <= 1.5 && acf[$0] >= 0.5 * acf[basic] }),
                   lower >= 3, lower < basic {
                    basic = lower
                    stepped = true
                    break
                }
            }
        }
        // A grid oscillates: its autocorrelation dips below zero before the first period (smooth noise does not).
        guard basic >= 3, (2..<basic).contains(where: { acf[$0] < 0 }) else { return nil }
        let basicPeriod = interpolatedPeak(acf, at: basic)

        // Is `basic` the bold (5 mm) or the fine (1 mm) period?
        let fifth = basicPeriod / 5
        let hasFineLines = fifth >= 2.5 && peaks.contains { abs(Double($0) - fifth) <= 1 && acf[$0] > 0.05 }
        var bold: Double
        if hasFineLines || basicPeriod >= 15 {
            bold = basicPeriod
        } else if let hint {
            // Uniform lines closer than 15 px: 1 mm, or 5 mm below 76 dpi; the file's stated resolution decides.
            bold = abs(basicPeriod / 5 - hint) < abs(basicPeriod - hint) ? basicPeriod : basicPeriod * 5
        } else {
            bold = basicPeriod * 5
        }
        // Refine the bold period on long lags: a peak found to ±0.5 px at lag k·P gives P to ±0.5/k px.
        var k = 2
        while Double(k) * bold < Double(n) * 0.6 {
            let expected = Double(k) * bold
            let lo = Int((expected - 3).rounded(.down)), hi = Int((expected + 3).rounded(.up))
            guard lo > 2, hi < n - 1 else { break }
            var bestLag = lo, bestValue = -Double.infinity
            var values: [Int: Double] = [:]
            for lag in (lo - 1)...(hi + 1) { values[lag] = r(lag) }
            for lag in lo...hi where values[lag]! > bestValue { bestValue = values[lag]!; bestLag = lag }
            var lag = Double(bestLag)
            let (a, b, c) = (values[bestLag - 1]!, values[bestLag]!, values[bestLag + 1]!)
            let denominator = a - 2 * b + c
            if denominator < 0 { lag += 0.5 * (a - c) / denominator }
            guard bestValue > 0.5 * top else { break }
            bold = lag / Double(k)
            k *= 2
        }
        return Grid(pixelsPerMillimetre: bold / 5, strength: top)
    }

    static func interpolatedPeak(_ acf: [Double], at i: Int) -> Double {
        guard i > 0, i + 1 < acf.count else { return Double(i) }
        let denominator = acf[i - 1] - 2 * acf[i] + acf[i + 1]
        guard denominator < 0 else { return Double(i) }
        return Double(i) + 0.5 * (acf[i - 1] - acf[i + 1]) / denominator
    }

    /// `x` minus its centred moving average over `window` samples (removes page shading and trace rows' bulk).
    static func detrend(_ x: [Float], window: Int) -> [Float] {
        let n = x.count, half = window / 2
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { prefix[i + 1] = prefix[i] + Double(x[i]) }
        return (0..<n).map { i in
            let lo = max(0, i - half), hi = min(n, i + half + 1)
            return x[i] - Float((prefix[hi] - prefix[lo]) / Double(hi - lo))
        }
    }
}
