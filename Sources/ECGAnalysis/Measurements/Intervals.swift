import Foundation

/// Conduction intervals, ms, each with its quality (`quality`): a value is given only when it is reliable, otherwise
/// it is null and the reason says why ("not measurable" rather than a wrong number).
public struct IntervalSummary: Sendable, Encodable, Equatable {
    public var pr: MeasuredValue
    public var qrs: MeasuredValue
    public var qt: MeasuredValue
    public var qtcBazett: MeasuredValue
    public var qtcFridericia: MeasuredValue
    /// How PR, QRS and QT were judged (QTc follows QT).
    public var quality: IntervalQualityReport

    public init(
        pr: MeasuredValue, qrs: MeasuredValue, qt: MeasuredValue, qtcBazett: MeasuredValue,
        qtcFridericia: MeasuredValue, quality: IntervalQualityReport = .notAssessed
    ) {
        self.pr = pr
        self.qrs = qrs
        self.qt = qt
        self.qtcBazett = qtcBazett
        self.qtcFridericia = qtcFridericia
        self.quality = quality
    }

    enum CodingKeys: String, CodingKey {
        case pr = "pr_ms", qrs = "qrs_ms", qt = "qt_ms", qtcBazett = "qtc_bazett_ms", qtcFridericia = "qtc_fridericia_ms"
        case quality
    }
}

extension IntervalSummary {
    /// The intervals the analyzer would report for `delineation` (beats at `rPeaks` with `classes`, samples at
    /// `sampleRate`), with the same reliability checks.
    public static func measure(
        _ delineation: MultiLeadDelineation, rPeaks: [Int], classes: [AAMIClass], sampleRate: Double
    ) -> IntervalSummary {
        IntervalMeasurement.measure(
            waves: delineation.combined, rPeaks: rPeaks, classes: classes, sampleRate: sampleRate,
            leads: delineation.leads, contributions: delineation.contributions)
    }
}

/// Whether an interval may be used (by the risk score, the findings and the notes).
public enum IntervalStatus: String, Sendable, Encodable {
    case reliable
    case notMeasurable = "not_measurable"
}

/// The quality of one interval: its status, why, and what it rests on.
public struct IntervalQuality: Sendable, Encodable, Equatable {
    public var status: IntervalStatus
    /// Why it is not measurable; nil when reliable.
    @ExplicitNull public var reason: String? = nil
    /// Beats the interval was measured on, and the beats considered (normal beats).
    public var beatsMeasured: Int
    public var beatsConsidered: Int
    /// Interquartile range of the per-beat values, ms (beat-to-beat consistency).
    @ExplicitNull public var iqrMs: Double? = nil
    /// Leads whose points entered the measured beats.
    public var leads: [String]

    static func notAssessed(_ reason: String) -> IntervalQuality {
        IntervalQuality(status: .notMeasurable, reason: reason, beatsMeasured: 0, beatsConsidered: 0, iqrMs: nil, leads: [])
    }
}

public struct IntervalQualityReport: Sendable, Encodable, Equatable {
    public var pr: IntervalQuality
    public var qrs: IntervalQuality
    public var qt: IntervalQuality

    public static let notAssessed = IntervalQualityReport(
        pr: .notAssessed("not assessed"), qrs: .notAssessed("not assessed"), qt: .notAssessed("not assessed"))
}

/// PR, QRS, QT and corrected QT from the per-beat delineation: the median over normal beats of each beat's
/// interval, accepted only when it passes the reliability and plausibility checks below.
///
/// Checks, in order (the first failing one is the reason):
/// 1. coverage: the points were found on at least `minimumBeats` beats and half of the normal beats;
/// 2. wave size: for QT, the median T-wave amplitude is at least `minimumTAmplitude` (a flat T has no reliable end);
///    for PR, the median P-wave amplitude is at least `minimumPAmplitude` (a P wave at the noise level has no
///    reliable onset);
/// 3. consistency: the interquartile range of the per-beat values is within `maximumIQR`;
/// 4. physiology: PR 80-400 ms, QRS 40-200 ms, QT 150-700 ms and QT relative to RR with QTc (Fridericia) in
///    250-600 ms. Outside, the delineation is taken to have failed, and the interval is "not measurable". Above the
///    QT bounds the reason also names the other possibility, a markedly prolonged QT, and asks for a hand
///    measurement: there the bounds cannot tell a real long QT from a U wave taken for the T wave.
enum IntervalMeasurement {
    enum Rule {
        static let pr = "P onset to QRS onset, median over normal beats (multi-lead points)"
        static let qrs = "QRS onset to QRS offset, median over normal beats (multi-lead points)"
        static let qt = "QRS onset to T end, median over normal beats (multi-lead points)"
        static let bazett = "Bazett: QT / sqrt(RR in s), RR = median normal RR"
        static let fridericia = "Fridericia: QT / cbrt(RR in s), RR = median normal RR"
    }

    static let plausible = (pr: 80.0...400.0, qrs: 40.0...200.0, qt: 150.0...700.0, qtcFridericia: 250.0...600.0)
    static let maximumIQR = (pr: 40.0, qrs: 30.0, qt: 60.0)
    static let minimumBeats = 3
    static let minimumTAmplitude: Float = 0.05
    static let minimumPAmplitude: Float = 0.025
    /// A QT above the accepted range may be real (a markedly prolonged QT) or a U wave or the next P wave taken for
    /// the T wave; the two cannot be told apart here, so the reason says both and asks for a hand measurement.
    static let longQTReadings =
        "a markedly prolonged QT, or a U wave or the next P wave taken for the T wave: measure it by hand"

    /// `waves[b]` are the combined points of beat b (positions in samples at `sampleRate`), `rPeaks[b]` its R peak,
    /// `classes[b]` its class; `contributions[b]` the indices into `leads` that gave its points.
    /// `pWavesPresent` false (no P wave on the median beat) makes PR not measurable whatever single beats show.
    static func measure(
        waves: [BeatWaves], rPeaks: [Int], classes: [AAMIClass], sampleRate: Double, leads: [String] = [],
        contributions: [[Int]] = [], pWavesPresent: Bool? = nil
    ) -> IntervalSummary {
        let count = min(waves.count, rPeaks.count, classes.count)
        let normal = (0..<count).filter { classes[$0] == .normal }
        var rr: [Double] = []
        for i in 1..<max(1, count) where classes[i] == .normal && classes[i - 1] == .normal {
            rr.append(Double(rPeaks[i] - rPeaks[i - 1]) / sampleRate * 1000)
        }
        let medianRR = rr.isEmpty ? nil : HeartRateAnalysis.median(rr)
        let ms = 1000 / sampleRate

        func assess(_ start: Fiducial, _ end: Fiducial, rule: String, plausible: ClosedRange<Double>, maximumIQR: Double,
                    name: String) -> (MeasuredValue, IntervalQuality) {
            var values: [Double] = []
            var used = Set<Int>()
            var waveAmplitudes: [Float] = []
            for b in normal {
                guard let a = waves[b][start], let z = waves[b][end] else { continue }
                values.append((z - a) * ms)
                if b < contributions.count { used.formUnion(contributions[b]) }
                let amplitude = start == .pOnset ? waves[b].pAmplitude : end == .tOffset ? waves[b].tAmplitude : nil
                if let amplitude { waveAmplitudes.append(abs(amplitude)) }
            }
            let leadNames = used.sorted().compactMap { $0 < leads.count ? leads[$0] : nil }
            var quality = IntervalQuality(
                status: .notMeasurable, reason: nil, beatsMeasured: values.count, beatsConsidered: normal.count,
                iqrMs: nil, leads: leadNames)
            func fail(_ reason: String) -> (MeasuredValue, IntervalQuality) {
                quality.reason = reason
                return (.unmeasured(unit: "ms", rule: rule, reason: reason), quality)
            }
            guard !normal.isEmpty else { return fail("no normal beats to measure \(name) on") }
            guard values.count >= minimumBeats, 2 * values.count >= normal.count else {
                return fail("\(name) points found on only \(values.count) of \(normal.count) normal beats")
            }
            let sorted = values.sorted()
            let median = HeartRateAnalysis.median(values)
            let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
            quality.iqrMs = iqr.rounded(toPlaces: 1)
            if let (wave, floor, point) = start == .pOnset ? ("P", minimumPAmplitude, "P onset")
                : end == .tOffset ? ("T", minimumTAmplitude, "T end") : nil
            {
                let amplitude = Double(HeartRateAnalysis.median(waveAmplitudes.map(Double.init)))
                if waveAmplitudes.isEmpty || amplitude < Double(floor) {
                    return fail("\(wave) wave amplitude \(amplitude.rounded(toPlaces: 2)) mV (below \(floor) mV): \(point) unreliable")
                }
            }
            guard iqr <= maximumIQR else {
                return fail("\(name) varies from beat to beat by \(Int(iqr.rounded())) ms (interquartile range above \(Int(maximumIQR)) ms): delineation unreliable")
            }
            guard plausible.contains(median) else {
                let accepted = "\(Int(plausible.lowerBound))-\(Int(plausible.upperBound)) ms"
                if end == .tOffset, median > plausible.upperBound {
                    return fail("QT \(Int(median.rounded())) ms is above the \(accepted) the delineation is trusted in: \(longQTReadings)")
                }
                return fail("delineation gave an implausible \(name) of \(Int(median.rounded())) ms (accepted \(accepted))")
            }
            if end == .tOffset, let medianRR {
                let qtcF = median / pow(medianRR / 1000, 1.0 / 3)
                let bounds = Self.plausible.qtcFridericia
                let accepted = "\(Int(bounds.lowerBound))-\(Int(bounds.upperBound)) ms"
                guard bounds.contains(qtcF) else {
                    let measured = "QT \(Int(median.rounded())) ms at RR \(Int(medianRR.rounded())) ms (QTc Fridericia \(Int(qtcF.rounded())) ms"
                    if qtcF > bounds.upperBound {
                        return fail("\(measured), above the \(accepted) the delineation is trusted in): \(longQTReadings)")
                    }
                    return fail("QT \(Int(median.rounded())) ms is implausible for RR \(Int(medianRR.rounded())) ms (QTc Fridericia \(Int(qtcF.rounded())) ms, accepted \(accepted))")
                }
            }
            quality.status = .reliable
            return (.measured(median, unit: "ms", rule: rule), quality)
        }

        var pr = assess(.pOnset, .qrsOnset, rule: Rule.pr, plausible: plausible.pr, maximumIQR: maximumIQR.pr, name: "PR")
        if pWavesPresent == false {
            let reason = "no P wave on the median beat: PR not measurable"
            pr.0 = .unmeasured(unit: "ms", rule: Rule.pr, reason: reason)
            pr.1.status = .notMeasurable
            pr.1.reason = reason
        }
        let qrs = assess(.qrsOnset, .qrsOffset, rule: Rule.qrs, plausible: plausible.qrs, maximumIQR: maximumIQR.qrs, name: "QRS")
        let qt = assess(.qrsOnset, .tOffset, rule: Rule.qt, plausible: plausible.qt, maximumIQR: maximumIQR.qt, name: "QT")
        func corrected(_ rule: String, _ exponent: Double) -> MeasuredValue {
            guard let qtValue = qt.0.value else {
                return .unmeasured(unit: "ms", rule: rule, reason: "QT not measurable: " + (qt.0.reason ?? ""))
            }
            guard let rr = medianRR, rr > 0 else { return .unmeasured(unit: "ms", rule: rule, reason: "no median RR") }
            return .measured(qtValue / pow(rr / 1000, exponent), unit: "ms", rule: rule)
        }
        return IntervalSummary(
            pr: pr.0, qrs: qrs.0, qt: qt.0, qtcBazett: corrected(Rule.bazett, 1.0 / 2.0),
            qtcFridericia: corrected(Rule.fridericia, 1.0 / 3.0),
            quality: IntervalQualityReport(pr: pr.1, qrs: qrs.1, qt: qt.1))
    }

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(sorted.count - 1, low + 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
