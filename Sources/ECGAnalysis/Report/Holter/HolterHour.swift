/// One hour of a Holter recording: heart rate, beats by class, pauses and runs that start in it.
public struct HolterHour: Sendable, Codable, Equatable {
    /// 0 for the first hour.
    public var hour: Int
    /// The hour's span, seconds from the start of the recording.
    public var startS: Double
    public var endS: Double
    /// Mean, minimum and maximum heart rate over the RR intervals that end in the hour, bpm (the rule of the
    /// report's `heart_rate`: 60 / mean RR; extremes of the running median of 5 RR intervals); nil with fewer than
    /// two beats.
    public var meanBPM: Double?
    public var minBPM: Double?
    public var maxBPM: Double?
    public var beats: BeatClassCounts
    /// RR intervals longer than the pause threshold that end in the hour.
    public var pauses: Int
    /// Runs of at least 3 consecutive ventricular / supraventricular beats that start in the hour.
    public var ventricularRuns: Int
    public var supraventricularRuns: Int
}
