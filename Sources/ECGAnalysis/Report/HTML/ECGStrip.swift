/// A few seconds of the analysed lead around a notable event, as the HTML report draws it on ECG paper
/// (``ECGPaper``).
public struct ECGStrip: Sendable, Equatable {
    /// "Longest pause", "Fastest run", "First atrial-fibrillation onset", "Representative normal rhythm".
    public var title: String
    /// One line on the event (times, duration, rate).
    public var caption: String
    /// Lead name as the file gives it.
    public var lead: String
    /// Time of `samples[0]`, seconds from the recording's start.
    public var startS: Double
    /// Samples per second of `samples`, Hz.
    public var sampleRate: Double
    /// The lead in mV (display-filtered), `samples[i]` at `startS + i / sampleRate`.
    public var samples: [Float]
    /// The beats whose R peak lies in the strip (`time_s` from the recording's start, `label`).
    public var beats: [BeatReport]
    /// The event itself, seconds from the recording's start; shaded on the paper.
    public var highlight: ClosedRange<Double>?

    public init(
        title: String, caption: String, lead: String, startS: Double, sampleRate: Double, samples: [Float],
        beats: [BeatReport], highlight: ClosedRange<Double>?
    ) {
        self.title = title
        self.caption = caption
        self.lead = lead
        self.startS = startS
        self.sampleRate = sampleRate
        self.samples = samples
        self.beats = beats
        self.highlight = highlight
    }

    /// Seconds covered.
    public var durationS: Double { sampleRate > 0 ? Double(samples.count) / sampleRate : 0 }
}
