import Foundation

/// Conduction intervals from the median beat's fiducial points, ms.
public struct IntervalSummary: Sendable, Encodable, Equatable {
    public var pr: MeasuredValue
    public var qrs: MeasuredValue
    public var qt: MeasuredValue
    public var qtcBazett: MeasuredValue
    public var qtcFridericia: MeasuredValue

    enum CodingKeys: String, CodingKey {
        case pr = "pr_ms", qrs = "qrs_ms", qt = "qt_ms", qtcBazett = "qtc_bazett_ms", qtcFridericia = "qtc_fridericia_ms"
    }
}

/// PR, QRS, QT and corrected QT from a `Delineation`.
enum IntervalMeasurement {
    enum Rule {
        static let pr = "P onset to QRS onset on the median beat"
        static let qrs = "QRS onset to QRS offset on the median beat"
        static let qt = "QRS onset to T end on the median beat"
        static let bazett = "Bazett: QT / sqrt(RR in s), RR = median normal RR"
        static let fridericia = "Fridericia: QT / cbrt(RR in s), RR = median normal RR"
    }

    /// Physiologically plausible ranges; values outside are reported as null (a delineation failure, not a finding).
    static let plausible = (pr: 60.0...400.0, qrs: 40.0...240.0, qt: 200.0...700.0)

    static func measure(_ d: Delineation) -> IntervalSummary {
        let pr = span(from: d.pOnset, to: d.qrsOnset, rule: Rule.pr, plausible: plausible.pr)
        let qrs = span(from: d.qrsOnset, to: d.qrsOffset, rule: Rule.qrs, plausible: plausible.qrs)
        let qt = span(from: d.qrsOnset, to: d.tEnd, rule: Rule.qt, plausible: plausible.qt)
        func corrected(_ rule: String, _ exponent: Double) -> MeasuredValue {
            guard let qtValue = qt.value else {
                return .unmeasured(unit: "ms", rule: rule, reason: qt.reason ?? "QT not measured")
            }
            guard let rr = d.medianRR.value, rr > 0 else {
                return .unmeasured(unit: "ms", rule: rule, reason: "no median RR")
            }
            return .measured(qtValue / pow(rr / 1000, exponent), unit: "ms", rule: rule)
        }
        return IntervalSummary(
            pr: pr, qrs: qrs, qt: qt,
            qtcBazett: corrected(Rule.bazett, 1.0 / 2.0), qtcFridericia: corrected(Rule.fridericia, 1.0 / 3.0))
    }

    private static func span(from start: MeasuredValue, to end: MeasuredValue, rule: String,
                             plausible: ClosedRange<Double>) -> MeasuredValue {
        guard let a = start.value else { return .unmeasured(unit: "ms", rule: rule, reason: start.reason ?? "start not found") }
        guard let b = end.value else { return .unmeasured(unit: "ms", rule: rule, reason: end.reason ?? "end not found") }
        let length = b - a
        guard plausible.contains(length) else {
            return .unmeasured(unit: "ms", rule: rule,
                               reason: "delineation gave an implausible \(length.rounded(toPlaces: 0)) ms (accepted \(Int(plausible.lowerBound))-\(Int(plausible.upperBound)) ms)")
        }
        return .measured(length, unit: "ms", rule: rule)
    }
}
