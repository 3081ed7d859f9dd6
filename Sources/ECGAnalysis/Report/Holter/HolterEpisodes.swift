/// The events of a Holter recording, in time order within each list.
public struct HolterEpisodes: Sendable, Codable, Equatable {
    /// Atrial-fibrillation episodes of the rhythm assessment (adjacent ones joined).
    public var atrialFibrillation: [HolterEpisode]
    /// Time in atrial fibrillation / recording length, percent.
    public var afBurdenPct: Double
    /// Runs of ≥ 3 consecutive ventricular beats; those at ≥ 100 bpm are ventricular tachycardia.
    public var ventricularRuns: [HolterRun]
    /// Runs of ≥ 3 consecutive supraventricular beats; those at ≥ 100 bpm are supraventricular tachycardia.
    public var supraventricularRuns: [HolterRun]
    /// RR intervals longer than `pauseThresholdS`.
    public var pauses: [HolterPause]
    public var pauseThresholdS: Double
    /// The run with the most beats and the run with the highest rate (ventricular or supraventricular); nil when
    /// there is none.
    public var longestRun: HolterRun?
    public var fastestRun: HolterRun?
}
