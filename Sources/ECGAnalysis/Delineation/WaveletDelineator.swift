/// Beat-by-beat P, QRS and T delineation of one lead with the wavelet method of Martínez, Almeida, Olmos, Rocha
/// and Laguna (IEEE TBME 51(4):570-581, 2004).
///
/// Why this method: it is the reference single-lead delineator of the field, validated on the whole QT Database
/// and MIT-BIH with published per-point error statistics, it needs no training data (so the QT Database stays a
/// clean test set), and it is cheap (five 2- and 4-tap filters per sample plus a small search per beat). Learned
/// segmentation networks (U-Net style, evaluated on QTDB/LUDB) report similar errors but need weights trained on
/// the very databases used to validate them. Simpler slope/threshold rules on a median beat (the project's
/// earlier method) cannot give per-beat waves and mis-place T end on low, broad T waves.
///
/// What is implemented (`DyadicWaveletTransform` gives W_{2^k}, the derivative of the signal smoothed at scale 2^k):
/// - QRS on scale 2²: the largest |W₂| within 50 ms of the detected R and its strongest opposite-sign partner
///   within 60 ms are the main wave's pair of maximum-modulus lines; the closest significant opposite-sign lines
///   before and after (γ_pre = 0.06, γ_post = 0.09 of the local maximum, within 65 ms) are Q and S. Onset: walking
///   back from the first line until |W₂| < ξ_on·|W₂(n_first)| (ξ_on 0.05 for a positive line, 0.07 for a negative
///   one, as in the paper) or |W₂| has a local minimum. Offset: forward from the last line with ξ_end 0.2 for either
///   sign (the paper's 0.71 for a negative last line ends QRS complexes with a slurred return tens of ms early on
///   the QT Database).
/// - A QRS end found with the signal still at least half the complex's peak-to-peak amplitude away from the PR
///   level is the extreme of a wide deflection, not the end (a paced or bundle-branch-block complex whose return
///   slope lies beyond the S search): the QRS ends after the strongest line of the returning sign within 120 ms
///   (≥ γ_post of the complex's steepest), with the same ξ_end. Nine in ten per-lead QRS ends of the QT Database
///   tuning records lie within 0.14 of the complex's amplitude of the PR level; the half was chosen there (0.4-0.6
///   compared).
/// - T on scale 2⁴ (2⁵ when 2⁴ shows no wave): maxima of |W₄| in [R + 100 ms, R + min(0.6·RR, 800 ms)] (the
///   800-ms cap binds only below 45 bpm, where a long QT puts the T wave's descent 600-750 ms after R) above
///   ε_T·RMS(W₄) (RMS over ±4 s; ε_T 0.10 instead of 0.25, which missed low T waves after ST depression) and
///   γ_T = 0.125 of the window's maximum. The T peak is the zero crossing of the first adjacent opposite-sign pair
///   whose crossing lies at least 0.6 times as far from the PR level as the furthest pair's (so a U wave or a
///   later hump does not win over the T wave); a third line makes the wave biphasic only when the lobe it closes
///   lies on the other side of the baseline. A wave with only one significant line is paired with the strongest
///   opposite-sign line within 150 ms (≥ 0.15 of it). When neither scale gives a pair, a lone line that returns
///   the signal to baseline makes a one-sided T wave (the paper's "only downward"/"only upward" T: a T wave that
///   rises straight out of the ST segment has no rising line of its own): its peak is the zero crossing of W₄
///   before the line, and it must stand ≥ 0.05 mV off the PR level (`oneSidedWave`). T end: forward from the
///   last line until |W₄| < ξ_Tend·|W₄(n_last)| (ξ_Tend 0.4, the paper's) or a local minimum of |W₄|; no end when
///   the search limit is reached first.
/// - The T search ends before the next detected beat only when that detection is a QRS on the lead (steepest |W₂|
///   at least 0.15 of this beat's): an R-peak detector's false beat on a tall T wave must not cut the T window.
/// - P on scale 2⁴ in the 240 ms before the QRS onset (not before the previous T end + 40 ms), with the same pair
///   search, ξ_Pon 0.5 (the paper's) and ξ_Pend 0.8 (paper 0.9), plus a 0.01 mV amplitude floor. The QRS's first
///   slope already reaches the window's last samples on scale 2⁴, so γ_P of the window's maximum is often set by the
///   QRS, not the P wave; when the search finds nothing, it is repeated with γ_P of the maximum over the window
///   without its last 40 ms (`pQRSReach`; 20-60 ms gave the same on the tuning records) and a wave found so is
///   marked faint (`BeatWaves.pFaint`): it gives the PR, while the rhythm rules count only clear P waves (taking
///   the lower threshold for every beat moved the P waves they read and lost atrial fibrillation and paced rhythm).
/// - Local minima of |W₂| end the QRS only when below 0.4 of the line's modulus, so ripples on a slow slope do
///   not cut it short.
///
/// Thresholds that differ from the paper (`Parameters`) were tuned on the QT Database tuning records only (the
/// even-numbered entries of its RECORDS list; `ecg eval delineation` reports the odd ones as the test set).
/// The filters are defined at 250 Hz: other rates are linearly interpolated to 250 Hz for the transform and the
/// points are mapped back.
enum WaveletDelineator {
    struct Parameters: Sendable {
        // QRS (scale 2²).
        var qrsSearch = 0.05
        var qrsPartner = 0.06
        var qrsWaveSearch = 0.065
        var gammaPre: Float = 0.06
        var gammaPost: Float = 0.09
        var xiOnPositive: Float = 0.05
        var xiOnNegative: Float = 0.07
        var xiEndPositive: Float = 0.2
        var xiEndNegative: Float = 0.2
        var qrsOnLimit = 0.08
        var qrsEndLimit = 0.10
        // A QRS end still far from the PR level: the slope back is searched this far.
        var openEndLevel: Float = 0.5
        var openEndReach = 0.12
        // T (scale 2⁴, then 2⁵).
        var tStartAfterR = 0.10
        var tStartAfterQRS = 0.02
        var tEndFraction = 0.60
        var tEndMax = 0.80
        var epsilonT: Float = 0.10
        var gammaT: Float = 0.125
        var xiTEnd: Float = 0.40
        var tEndLimit = 0.16
        var biphasicFraction: Float = 0.35
        var firstPairFraction: Float = 0.6
        var biphasicLobe: Float = 0.25
        var partnerReach = 0.15
        var partnerFraction: Float = 0.15
        var oneSidedAmplitude: Float = 0.05
        var nextQRSSlope: Float = 0.15
        // P (scale 2⁴).
        var pWindow = 0.24
        var pGapAfterT = 0.04
        var epsilonP: Float = 0.02
        var gammaP: Float = 0.125
        var xiPOn: Float = 0.5
        var xiPEnd: Float = 0.8
        var pBoundLimit = 0.08
        var pMinimumAmplitude: Float = 0.01
        // Found nothing: γ_P is taken again without the window's last `pQRSReach` seconds (a faint P wave).
        var pQRSReach = 0.04
        // A local minimum of |W| ends a wave only below this fraction of the line's modulus (QRS; P and T).
        var qrsDip: Float = 0.4
        var waveDip: Float = 1
        // RMS window for ε thresholds, seconds either side.
        var rmsHalfWindow = 4.0
    }

    static let method =
        "wavelet delineator (Martínez et al. 2004): quadratic-spline dyadic wavelet transform (à trous, scales 2^1-2^5 at 250 Hz), QRS on scale 2^2, P and T on scale 2^4 (2^5 fallback), every beat"

    /// Delineates every beat of `x` (mV at `sampleRate`) whose R peak is in `rPeaks` (indices into `x`).
    /// Returns one `BeatWaves` per R peak, positions in `x`'s samples.
    static func delineate(
        _ x: [Float], sampleRate: Double, rPeaks: [Int], parameters: Parameters = .init()
    ) -> [BeatWaves] {
        guard !rPeaks.isEmpty, x.count > 8, sampleRate > 0 else { return rPeaks.map { _ in BeatWaves() } }
        let rate = DyadicWaveletTransform.designRate
        let resampled = abs(sampleRate - rate) < 1e-9
        let y = resampled ? x : linearResample(x, from: sampleRate, to: rate)
        let toDesign = rate / sampleRate
        let peaks = rPeaks.map { min(y.count - 1, max(0, Int((Double($0) * toDesign).rounded()))) }
        let context = Context(y: y, parameters: parameters)
        var result: [BeatWaves] = []
        result.reserveCapacity(peaks.count)
        var previousTEnd: Double?
        let slopes = peaks.map { context.qrsSlope(at: $0) }
        for (i, r) in peaks.enumerated() {
            let previousR = i > 0 ? peaks[i - 1] : nil
            // The next detection bounds this beat's T search only when it is a QRS on this lead: its steepest
            // slope (max |W₂| within 50 ms) reaches `nextQRSSlope` of this beat's. A detection on a tall T wave
            // (a false R peak) otherwise cuts the T window in half and the T wave is lost.
            // (A wide ventricular beat keeps well above the fraction: its slope falls with its width, not tenfold.)
            let next = i + 1 < peaks.count && slopes[i + 1] < parameters.nextQRSSlope * slopes[i] ? i + 2 : i + 1
            let nextR = next < peaks.count ? peaks[next] : nil
            let waves = context.delineate(r: r, previousR: previousR, nextR: nextR, previousTEnd: previousTEnd)
            previousTEnd = waves.tOffset
            // Index m of the delay-compensated transform is time m − ½ (see `DyadicWaveletTransform`).
            result.append(waves.mapped(scale: 1 / toDesign, offset: -DyadicWaveletTransform.halfSampleDelay / toDesign))
        }
        return result
    }

    /// Linear interpolation to `to` Hz. Enough for delineation: the input is band-limited to the measurement band
    /// (40 Hz), and the transform's scales 2²-2⁵ low-pass it further; a sinc resampler costs far more on a long
    /// recording for no measurable change in the points.
    static func linearResample(_ x: [Float], from: Double, to: Double) -> [Float] {
        guard x.count > 1, from > 0, to > 0 else { return x }
        let count = Int((Double(x.count) * to / from).rounded(.down))
        let step = from / to
        var y = [Float](repeating: 0, count: max(1, count))
        x.withUnsafeBufferPointer { input in
            y.withUnsafeMutableBufferPointer { out in
                let last = input.count - 1
                for i in 0..<out.count {
                    let position = Double(i) * step
                    let k = min(last - 1, Int(position))
                    let fraction = Float(position - Double(k))
                    out[i] = input[k] + (input[k + 1] - input[k]) * fraction
                }
            }
        }
        return y
    }

    /// The transform of one lead and the per-beat search.
    struct Context {
        let y: [Float]
        let w2: [Float]
        let w4: [Float]
        let w5: [Float]
        let squares4: [Double]
        let squares5: [Double]
        let p: Parameters
        let fs = DyadicWaveletTransform.designRate

        init(y: [Float], parameters: Parameters) {
            self.y = y
            let transform = DyadicWaveletTransform(y, levels: 5, needed: [2, 4, 5])
            w2 = transform.scale(2)
            w4 = transform.scale(4)
            w5 = transform.scale(5)
            squares4 = Self.prefixSquares(w4)
            squares5 = Self.prefixSquares(w5)
            p = parameters
        }

        static func prefixSquares(_ w: [Float]) -> [Double] {
            var sums = [Double](repeating: 0, count: w.count + 1)
            var total = 0.0
            for (i, v) in w.enumerated() { total += Double(v) * Double(v); sums[i + 1] = total }
            return sums
        }

        func samples(_ seconds: Double) -> Int { Int((seconds * fs).rounded()) }

        /// Largest |W₂| within `qrsSearch` of `r` (the QRS's steepest slope at scale 2²).
        func qrsSlope(at r: Int) -> Float {
            let search = samples(p.qrsSearch)
            let low = max(0, r - search), high = min(w2.count - 1, r + search)
            guard low <= high else { return 0 }
            var largest: Float = 0
            for k in low...high { largest = max(largest, abs(w2[k])) }
            return largest
        }

        func rms(_ sums: [Double], around center: Int) -> Float {
            let half = samples(p.rmsHalfWindow)
            let low = max(0, center - half), high = min(sums.count - 1, center + half)
            guard high > low else { return 0 }
            return Float(((sums[high] - sums[low]) / Double(high - low)).squareRoot())
        }

        func delineate(r: Int, previousR: Int?, nextR: Int?, previousTEnd: Double?) -> BeatWaves {
            var waves = BeatWaves()
            let n = y.count
            guard let qrs = qrs(r: r) else { return waves }
            waves.qrsOnset = qrs.onset
            waves.qrsOffset = qrs.offset
            let onsetIndex = Int(qrs.onset.rounded())
            let baseline = level(around: onsetIndex)

            // T wave.
            let rr = nextR.map { Double($0 - r) / fs } ?? previousR.map { Double(r - $0) / fs } ?? 1.0
            let tStart = max(r + samples(p.tStartAfterR), Int(qrs.offset.rounded()) + samples(p.tStartAfterQRS))
            var tStop = r + samples(min(p.tEndFraction * rr, p.tEndMax))
            if let nextR { tStop = min(tStop, nextR - samples(0.1)) }
            tStop = min(tStop, n - 2)
            let endLimit = min(n - 2, (nextR.map { $0 - samples(0.05) } ?? n - 2))
            if tStart + 4 < tStop {
                let end = min(endLimit, tStop + samples(p.tEndLimit))
                func tWave(_ w: [Float], _ squares: [Double], oneSided: Bool) -> (onset: Double, peak: Double, offset: Double)? {
                    wave(in: tStart...tStop, scale: w, squares: squares, epsilon: p.epsilonT, gamma: p.gammaT, xiOn: 0.25,
                         xiEnd: p.xiTEnd, endLimit: end, onLimit: samples(p.tEndLimit), baseline: baseline,
                         oneSided: oneSided)
                }
                let found = tWave(w4, squares4, oneSided: false) ?? tWave(w5, squares5, oneSided: false)
                    ?? tWave(w4, squares4, oneSided: true)
                if let found {
                    waves.tPeak = found.peak
                    waves.tOffset = found.offset
                    waves.tAmplitude = y[Int(found.peak.rounded())] - baseline
                }
            }

            // P wave.
            var pStart = onsetIndex - samples(p.pWindow)
            if let previousTEnd { pStart = max(pStart, Int(previousTEnd.rounded()) + samples(p.pGapAfterT)) }
            if let previousR { pStart = max(pStart, previousR + samples(0.2)) }
            pStart = max(1, pStart)
            let pStop = onsetIndex - 1
            if pStart + samples(0.06) < pStop {
                typealias PWave = (onset: Double, peak: Double, offset: Double, amplitude: Float)
                func pWave(gammaOver: ClosedRange<Int>?) -> PWave? {
                    guard let found = wave(in: pStart...pStop, scale: w4, squares: squares4, epsilon: p.epsilonP,
                                           gamma: p.gammaP, gammaOver: gammaOver, xiOn: p.xiPOn, xiEnd: p.xiPEnd,
                                           endLimit: pStop, onLimit: samples(p.pBoundLimit),
                                           onFloor: max(1, pStart - samples(0.04)), baseline: baseline)
                    else { return nil }
                    let amplitude = y[Int(found.peak.rounded())] - baseline
                    guard abs(amplitude) >= p.pMinimumAmplitude else { return nil }
                    return (found.onset, found.peak, found.offset, amplitude)
                }
                let qrsReach = pStop - samples(p.pQRSReach)
                var found = pWave(gammaOver: nil)
                if found == nil, qrsReach > pStart {
                    found = pWave(gammaOver: pStart...qrsReach)
                    waves.pFaint = found != nil
                }
                if let found {
                    waves.pOnset = found.onset
                    waves.pPeak = found.peak
                    waves.pOffset = found.offset
                    waves.pAmplitude = found.amplitude
                }
            }
            return waves
        }

        /// Mean of `y` over the 20 ms before `index` (the PR-segment level next to the QRS onset).
        func level(around index: Int) -> Float {
            let high = min(y.count - 1, max(0, index))
            let low = max(0, high - samples(0.02))
            var sum: Float = 0
            for k in low...high { sum += y[k] }
            return sum / Float(high - low + 1)
        }

        // MARK: QRS

        func qrs(r: Int) -> (onset: Double, offset: Double)? {
            let n = w2.count
            let search = samples(p.qrsSearch)
            let low = max(1, r - search), high = min(n - 2, r + search)
            guard low < high else { return nil }
            var m = low
            for k in low...high where abs(w2[k]) > abs(w2[m]) { m = k }
            let sign: Float = w2[m] >= 0 ? 1 : -1
            guard w2[m] != 0 else { return nil }
            // Opposite-sign partner on either side: the larger of the two.
            let reach = samples(p.qrsPartner)
            func partner(_ range: ClosedRange<Int>) -> Int? {
                var best: Int?
                for k in range where -sign * w2[k] > 0 && -sign * w2[k] > (best.map { -sign * w2[$0] } ?? 0) { best = k }
                return best
            }
            let left = m - 1 >= max(1, m - reach) ? partner(max(1, m - reach)...(m - 1)) : nil
            let right = m + 1 <= min(n - 2, m + reach) ? partner((m + 1)...min(n - 2, m + reach)) : nil
            let other: Int
            switch (left, right) {
            case let (l?, r?): other = abs(w2[l]) >= abs(w2[r]) ? l : r
            case let (l?, nil): other = l
            case let (nil, r?): other = r
            case (nil, nil): return nil
            }
            let nPre = min(m, other), nPost = max(m, other)
            let waveReach = samples(p.qrsWaveSearch)
            var localMax: Float = 0
            for k in max(0, r - waveReach)...min(n - 1, r + waveReach) { localMax = max(localMax, abs(w2[k])) }
            // Q: the closest significant line before nPre, of the opposite sign.
            var nFirst = nPre
            if nPre - 1 > 1 {
                let from = max(1, nPre - waveReach)
                if from < nPre - 1 {
                    for k in stride(from: nPre - 1, through: from, by: -1)
                    where isLocalMaximum(w2, k) && abs(w2[k]) >= p.gammaPre * localMax && w2[k] * w2[nPre] < 0 {
                        nFirst = k
                        break
                    }
                }
            }
            // S: the closest significant line after nPost, of the opposite sign.
            var nLast = nPost
            let to = min(n - 2, nPost + waveReach)
            if nPost + 1 < to {
                for k in (nPost + 1)...to
                where isLocalMaximum(w2, k) && abs(w2[k]) >= p.gammaPost * localMax && w2[k] * w2[nPost] < 0 {
                    nLast = k
                    break
                }
            }
            let xiOn = (w2[nFirst] > 0 ? p.xiOnPositive : p.xiOnNegative) * abs(w2[nFirst])
            let xiEnd = (w2[nLast] > 0 ? p.xiEndPositive : p.xiEndNegative) * abs(w2[nLast])
            let onset = boundary(w2, from: nFirst, step: -1, threshold: xiOn, limit: max(1, nFirst - samples(p.qrsOnLimit)),
                                 dip: p.qrsDip)
            let offset = boundary(w2, from: nLast, step: 1, threshold: xiEnd, limit: min(n - 2, nLast + samples(p.qrsEndLimit)),
                                  dip: p.qrsDip)
            let open = openEnd(onset: Int(onset.rounded(.down)), offset: Int(offset.rounded(.up)))
            return (onset, max(offset, open ?? offset))
        }

        /// When the QRS "ends" with the signal still far from the PR level (at the extreme of a wide deflection:
        /// |level − PR level| ≥ `openEndLevel` of the complex's peak-to-peak amplitude), the end of the slope that
        /// brings it back: the strongest line of the returning sign within `openEndReach`, followed as for S.
        func openEnd(onset: Int, offset: Int) -> Double? {
            guard onset >= 0, offset + 2 < w2.count, offset > onset else { return nil }
            let base = level(around: onset)
            var low = y[onset], high = y[onset]
            for k in onset...offset { low = min(low, y[k]); high = max(high, y[k]) }
            let departure = y[offset] - base
            guard high > low, abs(departure) >= p.openEndLevel * (high - low) else { return nil }
            let sign: Float = departure < 0 ? 1 : -1
            var line: Int?
            let last = min(w2.count - 2, offset + samples(p.openEndReach))
            guard offset + 1 < last else { return nil }
            for k in (offset + 1)...last where isLocalMaximum(w2, k) && sign * w2[k] > 0
                && abs(w2[k]) > (line.map { abs(w2[$0]) } ?? 0) { line = k }
            guard let line else { return nil }
            var steepest: Float = 0
            for k in onset...offset { steepest = max(steepest, abs(w2[k])) }
            guard abs(w2[line]) >= p.gammaPost * steepest else { return nil }
            let xi = w2[line] > 0 ? p.xiEndPositive : p.xiEndNegative
            return boundary(w2, from: line, step: 1, threshold: xi * abs(w2[line]),
                            limit: min(w2.count - 2, line + samples(p.qrsEndLimit)), dip: p.qrsDip)
        }

        func isLocalMaximum(_ w: [Float], _ k: Int) -> Bool {
            abs(w[k]) >= abs(w[k - 1]) && abs(w[k]) > abs(w[k + 1])
        }

        /// Walks from `from` by `step` until |w| drops below `threshold` (linear interpolation of the crossing) or
        /// |w| has a local minimum; stops at `limit`.
        func boundary(_ w: [Float], from: Int, step: Int, threshold: Float, limit: Int, dip: Float = 1) -> Double {
            var k = from
            while k != limit {
                let next = k + step
                let a = abs(w[k]), b = abs(w[next])
                if b < threshold {
                    let fraction = a > b ? Double((a - threshold) / (a - b)) : 0
                    return Double(k) + Double(step) * min(1, max(0, fraction))
                }
                // A local minimum of |w| ends the wave too, when it is a real dip (not a ripple on a slow slope).
                if next != limit, next + step >= 0, next + step < w.count, b <= abs(w[next + step]),
                   b < dip * abs(w[from]) {
                    return Double(next)
                }
                k = next
            }
            return Double(limit)
        }

        /// Fractional position of the zero crossing of `w` between `a` and `b`.
        func zeroCrossing(_ w: [Float], _ a: Int, _ b: Int) -> Double {
            var k = a
            while k < b {
                if w[k] == 0 { return Double(k) }
                if (w[k] > 0) != (w[k + 1] > 0) {
                    return Double(k) + Double(w[k] / (w[k] - w[k + 1]))
                }
                k += 1
            }
            var best = a
            for j in a...b where abs(w[j]) < abs(w[best]) { best = j }
            return Double(best)
        }

        // MARK: P and T

        /// A P or T wave in `window` on scale `w`: the strongest adjacent pair of opposite-sign lines above the
        /// thresholds (ε·RMS, and γ of the largest |w| in `gammaOver`, the whole window by default), extended by a
        /// significant third line (biphasic wave).
        func wave(in window: ClosedRange<Int>, scale w: [Float], squares: [Double], epsilon: Float, gamma: Float,
                  gammaOver: ClosedRange<Int>? = nil, xiOn: Float, xiEnd: Float, endLimit: Int, onLimit: Int,
                  onFloor: Int? = nil, baseline: Float, oneSided: Bool = false)
            -> (onset: Double, peak: Double, offset: Double)?
        {
            var windowMax: Float = 0
            for k in gammaOver ?? window { windowMax = max(windowMax, abs(w[k])) }
            let threshold = max(epsilon * rms(squares, around: (window.lowerBound + window.upperBound) / 2), gamma * windowMax)
            guard windowMax > 0 else { return nil }
            var lines: [Int] = []
            for k in window where k > 0 && k < w.count - 1 && isLocalMaximum(w, k) && abs(w[k]) > threshold {
                lines.append(k)
            }
            guard !lines.isEmpty else { return nil }
            // The wave is the first adjacent opposite-sign pair whose zero crossing lies at least `firstPairFraction`
            // as far from the baseline as the furthest pair's.
            var pairs: [(j: Int, peak: Double, height: Float)] = []
            for j in 0..<(lines.count - 1) where w[lines[j]] * w[lines[j + 1]] < 0 {
                let crossing = zeroCrossing(w, lines[j], lines[j + 1])
                pairs.append((j, crossing, abs(y[min(y.count - 1, Int(crossing.rounded()))] - baseline)))
            }
            if pairs.isEmpty {
                // One-sided wave (only its rise or only its fall is above the thresholds, e.g. a low T after ST
                // depression): pair the strongest line with the strongest opposite-sign line within `partnerReach`,
                // if that one reaches `partnerFraction` of it.
                guard let strongest = lines.max(by: { abs(w[$0]) < abs(w[$1]) }) else { return nil }
                let reach = samples(p.partnerReach)
                var partner: Int?
                for k in max(1, strongest - reach)...min(w.count - 2, strongest + reach)
                where k != strongest && isLocalMaximum(w, k) && w[k] * w[strongest] < 0
                    && abs(w[k]) >= p.partnerFraction * abs(w[strongest])
                    && abs(w[k]) > (partner.map { abs(w[$0]) } ?? 0) {
                    partner = k
                }
                if let partner {
                    lines = [min(strongest, partner), max(strongest, partner)]
                    let crossing = zeroCrossing(w, lines[0], lines[1])
                    pairs = [(0, crossing, abs(y[min(y.count - 1, Int(crossing.rounded()))] - baseline))]
                } else {
                    guard oneSided else { return nil }
                    return oneSidedWave(line: strongest, window: window, scale: w, xiEnd: xiEnd, endLimit: endLimit,
                                        baseline: baseline)
                }
            }
            guard let highest = pairs.map(\.height).max(),
                  let (j, peak, _) = pairs.first(where: { $0.height >= p.firstPairFraction * highest }) else { return nil }
            var first = lines[j], last = lines[j + 1]
            let pairMean = (abs(w[first]) + abs(w[last])) / 2
            let peakHeight = y[min(y.count - 1, Int(peak.rounded()))] - baseline
            // A third line makes the wave biphasic only when the lobe it closes lies on the other side of the
            // baseline (a second wave after a return to baseline, such as a U wave, does not).
            func isOppositeLobe(_ a: Int, _ b: Int) -> Bool {
                let lobe = y[min(y.count - 1, Int(zeroCrossing(w, a, b).rounded()))] - baseline
                return lobe * peakHeight < 0 && abs(lobe) >= p.biphasicLobe * abs(peakHeight)
            }
            if j + 2 < lines.count, w[lines[j + 2]] * w[last] < 0, abs(w[lines[j + 2]]) >= biphasic(pairMean),
               isOppositeLobe(last, lines[j + 2]) {
                last = lines[j + 2]
            } else if j >= 1, w[lines[j - 1]] * w[first] < 0, abs(w[lines[j - 1]]) >= biphasic(pairMean),
                      isOppositeLobe(lines[j - 1], first) {
                first = lines[j - 1]
            }
            let onset = boundary(w, from: first, step: -1, threshold: xiOn * abs(w[first]),
                                 limit: min(first, max(onFloor ?? 1, first - onLimit)), dip: p.waveDip)
            let offsetLimit = max(last, endLimit)
            let offset = boundary(w, from: last, step: 1, threshold: xiEnd * abs(w[last]), limit: offsetLimit,
                                  dip: p.waveDip)
            // Reaching the search limit means the wave never returned to baseline: no reliable end.
            guard offset < Double(offsetLimit) else { return nil }
            return (onset, peak, offset)
        }

        /// A T wave with one significant line and no opposite-sign partner: Martínez 2004's "only downward" and
        /// "only upward" T waves, here the case where the line returns the signal to baseline (falling for a
        /// positive T, rising for an inverted one) and the slope into the wave is too slow or merges with the
        /// QRS's last slope (a T wave rising straight out of the ST segment). The peak is where the slope changes
        /// sign before the line: the zero crossing of W within `partnerReach` and inside the window, or, without a
        /// crossing, the sample furthest from the baseline on that stretch. The wave must stand at least
        /// `oneSidedAmplitude` off the baseline there (a lone slope of drift or noise is not a T wave); the end
        /// follows from the line as for a paired wave. A line that leaves the baseline with no return gives no
        /// wave (no end can be placed). The onset is not searched (the peak stands in for it).
        func oneSidedWave(line: Int, window: ClosedRange<Int>, scale w: [Float], xiEnd: Float, endLimit: Int,
                          baseline: Float) -> (onset: Double, peak: Double, offset: Double)?
        {
            let level = y[line] - baseline
            guard w[line] * level < 0 else { return nil }
            let bound = max(window.lowerBound, line - samples(p.partnerReach))
            var peak: Double?
            var extreme = line
            var k = line
            while k > bound {
                if (w[k] > 0) != (w[k - 1] > 0) || w[k - 1] == 0 {
                    peak = zeroCrossing(w, k - 1, k)
                    break
                }
                if abs(y[k - 1] - baseline) > abs(y[extreme] - baseline) { extreme = k - 1 }
                k -= 1
            }
            let position = peak ?? Double(extreme)
            let height = y[min(y.count - 1, max(0, Int(position.rounded())))] - baseline
            guard abs(height) >= p.oneSidedAmplitude, height * level > 0 else { return nil }
            let offsetLimit = max(line, endLimit)
            let offset = boundary(w, from: line, step: 1, threshold: xiEnd * abs(w[line]), limit: offsetLimit,
                                  dip: p.waveDip)
            guard offset < Double(offsetLimit) else { return nil }
            return (position, position, offset)
        }

        func biphasic(_ pairMean: Float) -> Float { p.biphasicFraction * pairMean }
    }
}
