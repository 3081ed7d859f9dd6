/// An RR interval longer than the pause threshold: the beats that bound it, seconds from the start.
public struct HolterPause: Sendable, Codable, Equatable {
    public var onsetS: Double
    public var offsetS: Double
    public var durationS: Double
}
