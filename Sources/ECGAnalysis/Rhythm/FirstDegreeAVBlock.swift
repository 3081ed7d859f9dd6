/// First-degree AV block: every P wave conducted, after a PR interval longer than ``longPR`` ms that stays steady
/// (SD ≤ ``RhythmClassifier/prSteady`` ms).
///
/// It is a property of AV conduction, not a rhythm: it rides on a sinus rhythm, bradycardia, tachycardia or
/// arrhythmia, which keeps its name ("Sinus bradycardia with first-degree AV block"). The standard statement lists
/// keep it apart from the rhythm for the same reason: the AHA/ACCF/HRS diagnostic statement list (Mason et al. 2007)
/// files it under atrioventricular conduction, and PTB-XL's SCP-ECG codes give `1AVB` beside `SR`, `SBRAD` or
/// `SARRH`. Looked for only when the rhythm is a sinus one.
public struct FirstDegreeAVBlock: Sendable, Encodable, Equatable {
    /// Mean and SD of the PR interval over the beats with a P wave, ms.
    public var prMeanMs: Double
    public var prSDMs: Double
    /// The rule that found it.
    public var rule: String

    /// Shortest PR of a first-degree block, ms (exclusive).
    public static let longPR = 200.0

    /// The block in `evidence`, when its PR is long and steady.
    static func detect(in evidence: RhythmEvidence) -> FirstDegreeAVBlock? {
        guard let pr = evidence.prMeanMs, let sd = evidence.prSDMs, pr > longPR, sd <= RhythmClassifier.prSteady
        else { return nil }
        let share = evidence.pWaveRatio.map { " before \(($0 * 100).rounded(toPlaces: 1)) % of conducted beats" } ?? ""
        return FirstDegreeAVBlock(
            prMeanMs: pr, prSDMs: sd,
            rule: "P waves\(share) with a steady PR \(pr) ± \(sd) ms (> \(Int(longPR)) ms, SD <= \(Int(RhythmClassifier.prSteady)) ms)")
    }

    /// `label` with the block added ("Sinus bradycardia with first-degree AV block").
    static func label(_ label: String, block: FirstDegreeAVBlock?) -> String {
        block == nil ? label : label + " with first-degree AV block"
    }
}
