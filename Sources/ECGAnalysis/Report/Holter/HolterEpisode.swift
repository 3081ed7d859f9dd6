/// A stretch of one rhythm: onset and offset in seconds from the start of the recording.
public struct HolterEpisode: Sendable, Codable, Equatable {
    /// ``RhythmCode`` raw value, e.g. "atrial_fibrillation".
    public var rhythm: String
    public var onsetS: Double
    public var offsetS: Double
    public var durationS: Double
}
