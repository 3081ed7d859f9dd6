/// The rhythm reference of a PTB-XL record, from the rhythm statements of its `scp_codes` (e.g.
/// `{'NORM': 100.0, 'SBRAD': 0.0}`), and the matching family of a detected rhythm.
///
/// Families: sinus (SR, SBRAD, STACH, SARRH), atrial fibrillation (AFIB), atrial flutter (AFLT), paced (PACE),
/// other (SVTAC, PSVT, BIGU, TRIGU, SVARR). A record with several rhythm statements takes the one with the highest
/// likelihood, ties broken by that order (flutter before fibrillation). Sinus subtypes: normal (SR), bradycardia
/// (SBRAD), tachycardia (STACH), arrhythmia (SARRH).
public struct PTBXLRhythmStatement: Sendable, Equatable {
    public enum Family: String, Sendable, CaseIterable, Comparable {
        case sinus, atrialFibrillation = "afib", atrialFlutter = "aflutter", paced, other, undetermined

        public static func < (a: Family, b: Family) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }

        /// The family of a detected rhythm name (AV blocks, junctional, ventricular and ectopy patterns are other).
        public init(code: RhythmCode) {
            switch code.family {
            case .sinus: self = .sinus
            case .atrialFibrillation: self = .atrialFibrillation
            case .atrialFlutter: self = .atrialFlutter
            case .paced: self = .paced
            case .undetermined: self = .undetermined
            default: self = .other
            }
        }
    }

    public enum SinusSubtype: String, Sendable, CaseIterable, Comparable {
        case normal, bradycardia, tachycardia, arrhythmia

        public static func < (a: SinusSubtype, b: SinusSubtype) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }

        /// The subtype of a detected sinus rhythm name; nil for the other names.
        public init?(code: RhythmCode) {
            switch code {
            case .sinusRhythm: self = .normal
            case .sinusBradycardia: self = .bradycardia
            case .sinusTachycardia: self = .tachycardia
            case .sinusArrhythmia: self = .arrhythmia
            default: return nil
            }
        }
    }

    /// The statement used (e.g. "SBRAD").
    public var statement: String
    public var family: Family
    /// For the sinus family only.
    public var sinusSubtype: SinusSubtype?

    static let order = ["SR", "SBRAD", "STACH", "SARRH", "AFLT", "AFIB", "PACE", "SVTAC", "PSVT", "BIGU", "TRIGU", "SVARR"]

    /// Parses a `scp_codes` cell; nil when it holds no rhythm statement.
    public init?(scpCodes: String) {
        var best: (code: String, likelihood: Double)?
        var rest = Substring(scpCodes)
        while let open = rest.firstIndex(of: "'") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "'") else { break }
            let code = String(rest[afterOpen..<close])
            rest = rest[rest.index(after: close)...]
            let valueText = rest.drop { $0 == ":" || $0 == " " }.prefix { "0123456789.-".contains($0) }
            let likelihood = Double(valueText) ?? 0
            guard let rank = Self.order.firstIndex(of: code) else { continue }
            if let current = best, let currentRank = Self.order.firstIndex(of: current.code) {
                if likelihood < current.likelihood || (likelihood == current.likelihood && rank > currentRank) { continue }
            }
            best = (code, likelihood)
        }
        guard let best else { return nil }
        statement = best.code
        switch best.code {
        case "SR": family = .sinus; sinusSubtype = .normal
        case "SBRAD": family = .sinus; sinusSubtype = .bradycardia
        case "STACH": family = .sinus; sinusSubtype = .tachycardia
        case "SARRH": family = .sinus; sinusSubtype = .arrhythmia
        case "AFIB": family = .atrialFibrillation
        case "AFLT": family = .atrialFlutter
        case "PACE": family = .paced
        default: family = .other
        }
    }
}
