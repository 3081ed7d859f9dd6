/// Consecutive ectopic beats of one class: `rateBPM = 60 · (beats − 1) / (offsetS − onsetS)`.
public struct HolterRun: Sendable, Codable, Equatable {
    /// "ventricular" or "supraventricular".
    public var kind: String
    /// Times of the first and last beat of the run, seconds.
    public var onsetS: Double
    public var offsetS: Double
    public var durationS: Double
    public var beats: Int
    public var rateBPM: Double
    /// True when the rate is at least 100 bpm (VT or SVT).
    public var tachycardia: Bool
}
