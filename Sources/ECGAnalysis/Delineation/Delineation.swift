/// The typical beat's fiducial points, each in milliseconds relative to the R peak (negative = before it): the
/// median over normal beats of the per-beat, multi-lead wavelet delineation (`MultiLeadDelineation`). P-wave
/// presence and amplitude (used by the rhythm classifier) come from the median beat.
public struct Delineation: Sendable, Encodable, Equatable {
    /// How the points were found.
    public var method: String
    /// Beats averaged into the median beat (0 when none could be built).
    public var beatsAveraged: Int
    /// Beats with at least a QRS onset and offset from the per-beat delineation.
    public var beatsDelineated: Int = 0
    /// Leads that were delineated and combined.
    public var leads: [String] = []
    public var pOnset: MeasuredValue
    public var pPeak: MeasuredValue
    public var pOffset: MeasuredValue
    public var qrsOnset: MeasuredValue
    public var qrsOffset: MeasuredValue
    public var tPeak: MeasuredValue
    public var tEnd: MeasuredValue
    /// Whether the median beat shows a P wave; nil when the median beat could not be built.
    @ExplicitNull public var pWavePresent: Bool? = nil
    /// P-wave amplitude above the local baseline, mV.
    public var pAmplitude: MeasuredValue
    /// Median RR interval of the averaged beats, ms (the RR used for QTc).
    public var medianRR: MeasuredValue

    enum CodingKeys: String, CodingKey {
        case method, beatsAveraged = "beats_averaged", beatsDelineated = "beats_delineated", leads
        case pOnset = "p_onset_ms", pPeak = "p_peak_ms", pOffset = "p_offset_ms"
        case qrsOnset = "qrs_onset_ms", qrsOffset = "qrs_offset_ms", tPeak = "t_peak_ms", tEnd = "t_end_ms"
        case pWavePresent = "p_wave_present", pAmplitude = "p_amplitude_mv", medianRR = "median_rr_ms"
    }
}

extension Delineation {
    /// Replaces the seven fiducial points with the median, over normal beats where each was found, of the
    /// per-beat multi-lead points relative to each beat's R peak. A point found on fewer than half of the normal
    /// beats is null with that reason.
    mutating func apply(_ multi: MultiLeadDelineation, rPeaks: [Int], classes: [AAMIClass], sampleRate: Double) {
        let count = min(multi.combined.count, rPeaks.count, classes.count)
        let normal = (0..<count).filter { classes[$0] == .normal }
        let rule = "median over normal beats of the per-beat points (" + MultiLeadDelineation.method + ")"
        method = "per-beat points: " + MultiLeadDelineation.method
            + "; P-wave presence and amplitude: " + (method.hasPrefix("per-beat") ? "median beat" : method)
        leads = multi.leads
        beatsDelineated = multi.combined.prefix(count).filter { $0.qrsOnset != nil && $0.qrsOffset != nil }.count
        for point in Fiducial.allCases {
            let offsets = normal.compactMap { b in multi.combined[b][point].map { ($0 - Double(rPeaks[b])) / sampleRate * 1000 } }
            let value: MeasuredValue
            if normal.isEmpty {
                value = .unmeasured(unit: "ms", rule: rule, reason: "no normal beats")
            } else if offsets.isEmpty || 2 * offsets.count < normal.count {
                value = .unmeasured(unit: "ms", rule: rule,
                                    reason: "\(point.rawValue) found on \(offsets.count) of \(normal.count) normal beats")
            } else {
                value = .measured(HeartRateAnalysis.median(offsets), unit: "ms", rule: rule)
            }
            switch point {
            case .pOnset: pOnset = value
            case .pPeak: pPeak = value
            case .pOffset: pOffset = value
            case .qrsOnset: qrsOnset = value
            case .qrsOffset: qrsOffset = value
            case .tPeak: tPeak = value
            case .tOffset: tEnd = value
            }
        }
    }
}

/// Finds P, QRS and T fiducial points on a median beat with slope and amplitude thresholds (the P-wave presence
/// test the rhythm classifier uses; the reported points come from the per-beat delineation).
enum WaveDelineator {
    static let method =
        "median beat of regular normal beats (RR within 20 % of the median; per-sample median of the 0.5-40 Hz band-passed lead), slope/amplitude thresholds"

    enum Rule {
        static let qrs = "first sample walking outward from the R peak where |slope| stays below 5 % of the QRS maximum slope for 12 ms"
        static let tPeak = "largest deviation from the isoelectric level (value at QRS onset) between QRS offset + 40 ms and R + min(0.7 RR, 600 ms)"
        static let tEnd = "tangent method: tangent at the steepest point after the T peak, intersected with the TP-segment level (mean of the flattest 40 ms between T peak + 100 ms and R + 0.8 RR; the value at QRS onset when there is no room)"
        static let pPeak = "largest deviation from the line joining the window ends in QRS onset - 350 ms (not before R - 0.55 RR) to QRS onset - 20 ms; present when >= 0.045 mV, >= 2.5 % of the R amplitude and wider than 40 ms"
        static let pBounds = "first sample walking outward from the P peak where the deviation falls below 15 % of the P amplitude"
        static let rr = "median RR between consecutive normal beats"
    }

    /// Thresholds (see `Rule`).
    static let slopeFraction: Float = 0.05
    static let quietDuration = 0.012
    static let pMinimumAmplitude: Float = 0.045
    static let pRelativeAmplitude: Float = 0.025
    static let pMinimumWidth = 0.040
    static let tMinimumAmplitude: Float = 0.03

    /// Delineates `beat`. Points that cannot be found are null with a reason.
    static func delineate(_ beat: MedianBeat) -> Delineation {
        let x = beat.samples
        let fs = beat.sampleRate
        let r = beat.rIndex
        let ms = { (index: Double) in (index - Double(r)) / fs * 1000 }
        func point(_ index: Int, _ rule: String) -> MeasuredValue { .measured(ms(Double(index)), unit: "ms", rule: rule) }
        func missing(_ rule: String, _ reason: String) -> MeasuredValue { .unmeasured(unit: "ms", rule: rule, reason: reason) }
        var result = Delineation(
            method: beat.allClasses ? method + "; too few normal beats, so regular beats of every class were averaged" : method,
            beatsAveraged: beat.beatCount,
            pOnset: missing(Rule.pBounds, "no P wave"), pPeak: missing(Rule.pPeak, "no P wave"),
            pOffset: missing(Rule.pBounds, "no P wave"),
            qrsOnset: missing(Rule.qrs, "QRS onset not found"), qrsOffset: missing(Rule.qrs, "QRS offset not found"),
            tPeak: missing(Rule.tPeak, "T wave not found"), tEnd: missing(Rule.tEnd, "T wave not found"),
            pWavePresent: nil, pAmplitude: .unmeasured(unit: "mV", rule: Rule.pPeak, reason: "no P wave"),
            medianRR: .measured(beat.medianRR * 1000, unit: "ms", rule: Rule.rr))
        guard x.count > 4, r > 0, r < x.count - 1 else { return result }
        let slope = derivative(x)
        let seconds = { (s: Double) in Int((s * fs).rounded()) }
        let qrsRegion = max(1, r - seconds(0.08))...min(x.count - 2, r + seconds(0.08))
        let maxSlope = qrsRegion.map { abs(slope[$0]) }.max() ?? 0
        guard maxSlope > 0 else { return result }
        let threshold = slopeFraction * maxSlope
        let quiet = max(2, seconds(quietDuration))
        func isQuiet(_ range: ClosedRange<Int>) -> Bool { range.allSatisfy { abs(slope[$0]) < threshold } }

        var qrsOn: Int?
        var i = r
        while i - quiet >= max(1, r - seconds(0.15)) {
            if isQuiet((i - quiet)...i) { qrsOn = i; break }
            i -= 1
        }
        var qrsOff: Int?
        i = r
        while i + quiet <= min(x.count - 2, r + seconds(0.2)) {
            if isQuiet(i...(i + quiet)) { qrsOff = i; break }
            i += 1
        }
        guard let qrsOn, let qrsOff else { return result }
        result.qrsOnset = point(qrsOn, Rule.qrs)
        result.qrsOffset = point(qrsOff, Rule.qrs)
        let isoelectric = x[qrsOn]

        // T wave.
        let tStart = qrsOff + seconds(0.04)
        let tStop = min(x.count - 2, r + seconds(min(0.7 * beat.medianRR, 0.6)))
        if tStart < tStop {
            var tp = tStart
            for k in tStart...tStop where abs(x[k] - isoelectric) > abs(x[tp] - isoelectric) { tp = k }
            let amplitude = x[tp] - isoelectric
            if abs(amplitude) < tMinimumAmplitude {
                result.tPeak = missing(Rule.tPeak, "T wave flatter than \(tMinimumAmplitude) mV")
                result.tEnd = missing(Rule.tEnd, "T wave flatter than \(tMinimumAmplitude) mV")
            } else {
                result.tPeak = point(tp, Rule.tPeak)
                let baseline = tpLevel(x, after: tp + seconds(0.1), before: min(x.count - 1, r + seconds(0.8 * beat.medianRR)),
                                       width: max(2, seconds(0.04))) ?? isoelectric
                result.tEnd = tangentEnd(x, slope: slope, peak: tp, amplitude: amplitude, isoelectric: baseline,
                                         limit: min(x.count - 2, tp + seconds(0.2)), sampleRate: fs)
                    .map { point($0, Rule.tEnd) } ?? missing(Rule.tEnd, "the T-wave tangent does not reach the isoelectric level")
            }
        }

        // P wave.
        let pStart = max(0, qrsOn - seconds(0.35), r - seconds(0.55 * beat.medianRR))
        let pStop = qrsOn - seconds(0.02)
        guard pStop - pStart >= seconds(0.06) else {
            result.pWavePresent = false
            result.pAmplitude = .unmeasured(unit: "mV", rule: Rule.pPeak, reason: "no room for a P wave before the QRS")
            return result
        }
        let rAmplitude = abs(x[r] - isoelectric)
        let startLevel = x[pStart]
        let stepPerSample = (x[pStop] - startLevel) / Float(pStop - pStart)
        func deviation(_ k: Int) -> Float { x[k] - (startLevel + stepPerSample * Float(k - pStart)) }
        var pp = pStart
        for k in pStart...pStop where abs(deviation(k)) > abs(deviation(pp)) { pp = k }
        let pAmplitude = deviation(pp)
        var pOn = pp
        while pOn > pStart, abs(deviation(pOn)) >= 0.15 * abs(pAmplitude) { pOn -= 1 }
        var pOff = pp
        while pOff < pStop, abs(deviation(pOff)) >= 0.15 * abs(pAmplitude) { pOff += 1 }
        var halfOn = pp
        while halfOn > pStart, abs(deviation(halfOn)) >= 0.3 * abs(pAmplitude) { halfOn -= 1 }
        var halfOff = pp
        while halfOff < pStop, abs(deviation(halfOff)) >= 0.3 * abs(pAmplitude) { halfOff += 1 }
        let wide = Double(halfOff - halfOn) / fs >= pMinimumWidth
        let present = abs(pAmplitude) >= pMinimumAmplitude && abs(pAmplitude) >= pRelativeAmplitude * rAmplitude && wide
        result.pWavePresent = present
        guard present else {
            let reason = wide
                ? "no P wave: deviation \(Double(abs(pAmplitude)).rounded(toPlaces: 3)) mV is below the threshold"
                : "no P wave: the largest deflection is narrower than 40 ms"
            result.pAmplitude = .unmeasured(unit: "mV", rule: Rule.pPeak, reason: reason)
            result.pPeak = missing(Rule.pPeak, reason)
            result.pOnset = missing(Rule.pBounds, reason)
            result.pOffset = missing(Rule.pBounds, reason)
            return result
        }
        result.pAmplitude = .measured(Double(pAmplitude), unit: "mV", rule: Rule.pPeak, decimals: 3)
        result.pPeak = point(pp, Rule.pPeak)
        result.pOnset = point(pOn, Rule.pBounds)
        result.pOffset = point(pOff, Rule.pBounds)
        return result
    }

    /// Central-difference slope, mV per sample (ends copied from their neighbours).
    static func derivative(_ x: [Float]) -> [Float] {
        guard x.count > 2 else { return [Float](repeating: 0, count: x.count) }
        var d = [Float](repeating: 0, count: x.count)
        for i in 1..<(x.count - 1) { d[i] = (x[i + 1] - x[i - 1]) / 2 }
        d[0] = d[1]
        d[x.count - 1] = d[x.count - 2]
        return d
    }

    /// Mean of the flattest (smallest range) `width`-sample stretch of `x` in [after, before]; nil when it does not fit.
    static func tpLevel(_ x: [Float], after: Int, before: Int, width: Int) -> Float? {
        guard after >= 0, before < x.count, before - after >= width else { return nil }
        var best: (range: Float, mean: Float)?
        for start in after...(before - width) {
            var low = x[start], high = x[start], sum: Float = 0
            for v in x[start..<(start + width)] { low = min(low, v); high = max(high, v); sum += v }
            if best == nil || high - low < best?.range ?? .infinity { best = (high - low, sum / Float(width)) }
        }
        return best?.mean
    }

    /// T end by the tangent method: the steepest point of the descending limb after the T peak, its tangent
    /// extended to the isoelectric level. Nil when the tangent leaves the search range.
    static func tangentEnd(_ x: [Float], slope: [Float], peak: Int, amplitude: Float, isoelectric: Float,
                           limit: Int, sampleRate: Double) -> Int? {
        guard peak < limit else { return nil }
        // Returning towards the baseline means a slope of the sign opposite to the T amplitude.
        var steepest = peak
        for k in peak...limit where -slope[k] * amplitude.sign.floatValue > -slope[steepest] * amplitude.sign.floatValue {
            steepest = k
        }
        let s = slope[steepest]
        guard s != 0, s * amplitude < 0 else { return nil }
        let end = Double(steepest) + Double((isoelectric - x[steepest]) / s)
        guard end >= Double(steepest), end <= Double(limit) + 0.1 * sampleRate else { return nil }
        return Int(end.rounded())
    }
}

private extension FloatingPointSign {
    var floatValue: Float { self == .minus ? -1 : 1 }
}

extension WaveDelineator {
    /// A delineation with every point null for `reason` (no median beat could be built).
    static func unavailable(reason: String) -> Delineation {
        func missing(_ rule: String) -> MeasuredValue { .unmeasured(unit: "ms", rule: rule, reason: reason) }
        return Delineation(
            method: method, beatsAveraged: 0, pOnset: missing(Rule.pBounds), pPeak: missing(Rule.pPeak),
            pOffset: missing(Rule.pBounds), qrsOnset: missing(Rule.qrs), qrsOffset: missing(Rule.qrs),
            tPeak: missing(Rule.tPeak), tEnd: missing(Rule.tEnd), pWavePresent: nil,
            pAmplitude: .unmeasured(unit: "mV", rule: Rule.pPeak, reason: reason), medianRR: missing(Rule.rr))
    }
}
