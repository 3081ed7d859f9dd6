/// One stretch of a single rhythm.
public struct RhythmEpisode: Sendable, Encodable, Equatable {
    /// Seconds from the start of the recording.
    public var startS: Double
    public var endS: Double
    public var durationS: Double
    public var code: RhythmCode
    public var label: String
    public var rule: String
    /// Evidence over the episode's beats.
    public var evidence: RhythmEvidence
}
