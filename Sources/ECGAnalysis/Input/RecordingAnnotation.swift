/// A timed note that came with a recording, such as an EDF+ annotation ("Recording starts", "Event marker",
/// a technician's comment).
public struct RecordingAnnotation: Sendable, Equatable, Codable {
    /// Seconds from the first sample of the recording.
    public var onset: Double
    /// Seconds, when the file gives one.
    public var duration: Double?
    public var text: String

    public init(onset: Double, duration: Double? = nil, text: String) {
        self.onset = onset
        self.duration = duration
        self.text = text
    }
}
