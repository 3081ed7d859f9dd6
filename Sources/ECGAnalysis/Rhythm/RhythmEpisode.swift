/// One stretch of a single rhythm.
public struct RhythmEpisode: Sendable, Encodable, Equatable {
    /// Seconds from the start of the recording.
    public var startS: Double
    public var endS: Double
    public var durationS: Double
    public var code: RhythmCode
    public var label: String
    public var rule: String
    /// A first-degree AV block under the episode's sinus rhythm (included in `label`).
    @ExplicitNull public var firstDegreeAVBlock: FirstDegreeAVBlock? = nil
    /// Evidence over the episode's beats.
    public var evidence: RhythmEvidence
}
