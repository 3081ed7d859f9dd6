/// The dominant rhythm of a recording or segment.
public enum RhythmCode: String, Sendable, Encodable, CaseIterable {
    case sinusRhythm = "sinus_rhythm"
    case sinusBradycardia = "sinus_bradycardia"
    case sinusTachycardia = "sinus_tachycardia"
    case atrialFibrillation = "atrial_fibrillation"
    case ventricularTachycardia = "ventricular_tachycardia"
    case ventricularRhythm = "ventricular_rhythm"
    case pacedOrUnclassified = "paced_or_unclassified"
    case regularWithoutPWaves = "regular_rhythm_without_p_waves"
    case irregularWithoutPWaves = "irregular_rhythm_without_p_waves"
    case regularPWavesNotAssessed = "regular_rhythm_p_waves_not_assessed"
    case undetermined

    /// Human-readable name.
    public var label: String {
        switch self {
        case .sinusRhythm: "Sinus rhythm"
        case .sinusBradycardia: "Sinus bradycardia"
        case .sinusTachycardia: "Sinus tachycardia"
        case .atrialFibrillation: "Atrial fibrillation"
        case .ventricularTachycardia: "Ventricular tachycardia"
        case .ventricularRhythm: "Predominantly ventricular beats"
        case .pacedOrUnclassified: "Predominantly paced or unclassifiable beats"
        case .regularWithoutPWaves: "Regular rhythm without visible P waves"
        case .irregularWithoutPWaves: "Irregular rhythm without visible P waves"
        case .regularPWavesNotAssessed: "Regular rhythm (P waves not assessed)"
        case .undetermined: "Undetermined rhythm"
        }
    }
}

/// Rhythm, ectopy, ventricular runs and pauses.
public struct RhythmAssessment: Sendable, Encodable, Equatable {
    public var code: RhythmCode
    public var label: String
    /// The rule that decided `code`.
    public var rule: String
    /// Heart rate the sinus categories were judged on (60 / mean RR of all beats), bpm.
    public var rateBPM: Double?
    public var irregularity: RRIrregularity
    /// True when RR irregularity passes the atrial-fibrillation thresholds.
    public var irregular: Bool
    /// From the median beat; nil when no median beat could be built.
    public var pWavesPresent: Bool?
    public var ectopy: Ectopy
    public var ventricularRuns: VentricularRuns
    public var pauses: Pauses

    enum CodingKeys: String, CodingKey {
        case code, label, rule, rateBPM = "rate_bpm", irregularity = "rr_irregularity", irregular
        case pWavesPresent = "p_waves_present", ectopy, ventricularRuns = "ventricular_runs", pauses
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(label, forKey: .label)
        try container.encode(rule, forKey: .rule)
        try container.encode(rateBPM, forKey: .rateBPM)
        try container.encode(irregularity, forKey: .irregularity)
        try container.encode(irregular, forKey: .irregular)
        try container.encode(pWavesPresent, forKey: .pWavesPresent)
        try container.encode(ectopy, forKey: .ectopy)
        try container.encode(ventricularRuns, forKey: .ventricularRuns)
        try container.encode(pauses, forKey: .pauses)
    }
}

/// Rule-based rhythm classification from classified beats and the median beat's P-wave verdict.
enum RhythmClassifier {
    /// Irregularly irregular RR (atrial fibrillation) when both hold: RMSSD / mean RR ≥ this …
    static let irregularNRMSSD = 0.10
    /// … and normalised Shannon entropy ≥ this. Without a P-wave verdict the stricter pair below is required.
    static let irregularEntropy = 0.55
    static let strictNRMSSD = 0.15
    static let strictEntropy = 0.70
    /// With strongly irregular RR, a P wave this small (mV) on the median beat is not taken as sinus activity
    /// (short median beats of fibrillating atria keep some residual deflection).
    static let weakPWave = 0.07
    static let bradycardia = 60.0
    static let tachycardia = 100.0

    /// `pAmplitude` is the median beat's P-wave amplitude in mV when a P wave was found.
    static func classify(beats: [ClassifiedBeat], pWavesPresent: Bool?, pAmplitude: Double? = nil) -> RhythmAssessment {
        let irregularity = RRIrregularity(beats: beats)
        let ectopy = EctopyPatterns.ectopy(beats)
        let runs = EctopyPatterns.ventricularRuns(beats)
        let pauses = EctopyPatterns.pauses(beats)
        var rate: Double?
        if let first = beats.first, let last = beats.last, beats.count > 1, last.time > first.time {
            rate = (Double(beats.count - 1) * 60 / (last.time - first.time)).rounded(toPlaces: 1)
        }
        let irregular = isIrregular(irregularity, strict: false)
        let (code, rule) = decide(
            beats: beats, rate: rate, irregularity: irregularity, irregular: irregular,
            pWavesPresent: pWavesPresent, pAmplitude: pAmplitude, runs: runs)
        return RhythmAssessment(
            code: code, label: code.label, rule: rule, rateBPM: rate, irregularity: irregularity, irregular: irregular,
            pWavesPresent: pWavesPresent, ectopy: ectopy, ventricularRuns: runs, pauses: pauses)
    }

    static func isIrregular(_ m: RRIrregularity, strict: Bool) -> Bool {
        guard let nrmssd = m.normalisedRMSSD, let entropy = m.shannonEntropy else { return false }
        return strict
            ? nrmssd >= strictNRMSSD && entropy >= strictEntropy
            : nrmssd >= irregularNRMSSD && entropy >= irregularEntropy
    }

    private static func decide(
        beats: [ClassifiedBeat], rate: Double?, irregularity: RRIrregularity, irregular: Bool,
        pWavesPresent: Bool?, pAmplitude: Double?, runs: VentricularRuns
    ) -> (RhythmCode, String) {
        guard let rate, beats.count >= 3 else { return (.undetermined, "fewer than 3 beats") }
        let share = { (c: AAMIClass) in Double(beats.filter { $0.aami == c }.count) / Double(beats.count) }
        if share(.ventricular) >= 0.5 {
            if let runRate = runs.longestRateBPM, runRate >= tachycardia {
                return (.ventricularTachycardia, "at least half the beats ventricular, run rate \(runRate) bpm >= \(Int(tachycardia))")
            }
            return (.ventricularRhythm, "at least half the beats ventricular")
        }
        if share(.unknown) >= 0.5 { return (.pacedOrUnclassified, "at least half the beats paced or unclassifiable (Q)") }
        let irregularRule = "RMSSD/mean RR >= \(irregularNRMSSD) and RR Shannon entropy >= \(irregularEntropy)"
        switch pWavesPresent {
        case false?:
            if irregular { return (.atrialFibrillation, "irregular RR (\(irregularRule)) and no P wave on the median beat") }
            if irregularity.intervals < RRIrregularity.minimumIntervals {
                return (.undetermined, "no P wave on the median beat; too few RR intervals to judge regularity")
            }
            return (.regularWithoutPWaves, "no P wave on the median beat and RR not irregular")
        case nil:
            if isIrregular(irregularity, strict: true) {
                return (.atrialFibrillation, "no median beat for P waves; strongly irregular RR (RMSSD/mean RR >= \(strictNRMSSD) and entropy >= \(strictEntropy))")
            }
            if irregular { return (.irregularWithoutPWaves, "no median beat for P waves; irregular RR (\(irregularRule))") }
            return (.regularPWavesNotAssessed, "no median beat to assess P waves; RR not irregular")
        case true? where isIrregular(irregularity, strict: true) && abs(pAmplitude ?? 1) < weakPWave:
            return (.atrialFibrillation, "strongly irregular RR (RMSSD/mean RR >= \(strictNRMSSD) and entropy >= \(strictEntropy)) and only a weak P-like deflection (< \(weakPWave) mV) on the median beat")
        case true?:
            let basis = "P waves on the median beat; rate \(rate) bpm"
            if rate < bradycardia { return (.sinusBradycardia, basis + " < \(Int(bradycardia))") }
            if rate > tachycardia { return (.sinusTachycardia, basis + " > \(Int(tachycardia))") }
            return (.sinusRhythm, basis + " within \(Int(bradycardia))-\(Int(tachycardia))")
        }
    }
}
