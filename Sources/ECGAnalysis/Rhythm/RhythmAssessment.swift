/// The rhythm of a recording: its name, the rule that gave it and the evidence; ectopy, ventricular runs and pauses;
/// and for recordings longer than one window, the rhythm episodes and the atrial-fibrillation burden.
public struct RhythmAssessment: Sendable, Encodable, Equatable {
    public var code: RhythmCode
    public var label: String
    /// The rule that decided `code`.
    public var rule: String
    /// The measurements the rule read.
    public var evidence: RhythmEvidence
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
    /// Consecutive stretches of one rhythm, in time order (pauses listed where they occur).
    public var episodes: [RhythmEpisode]
    /// Time in atrial-fibrillation episodes / analysed time, percent.
    public var afBurdenPct: Double

    enum CodingKeys: String, CodingKey {
        case code, label, rule, evidence, rateBPM = "rate_bpm", irregularity = "rr_irregularity", irregular
        case pWavesPresent = "p_waves_present", ectopy, ventricularRuns = "ventricular_runs", pauses, episodes
        case afBurdenPct = "af_burden_pct"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(label, forKey: .label)
        try container.encode(rule, forKey: .rule)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(rateBPM, forKey: .rateBPM)
        try container.encode(irregularity, forKey: .irregularity)
        try container.encode(irregular, forKey: .irregular)
        try container.encode(pWavesPresent, forKey: .pWavesPresent)
        try container.encode(ectopy, forKey: .ectopy)
        try container.encode(ventricularRuns, forKey: .ventricularRuns)
        try container.encode(pauses, forKey: .pauses)
        try container.encode(episodes, forKey: .episodes)
        try container.encode(afBurdenPct, forKey: .afBurdenPct)
    }
}
