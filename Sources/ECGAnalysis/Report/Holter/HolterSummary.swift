/// The Holter part of a report, for recordings longer than one hour: an hourly table, the episode list and
/// whole-recording heart-rate variability. Built by ``HolterAnalysis`` from the beats and the rhythm assessment.
///
/// Keys are the snake_case forms of the property names (`hours[].heart_rate.mean_bpm`, `hrv.sdann_ms`, …);
/// `docs/result.schema.json` documents every field.
public struct HolterSummary: Sendable, Codable, Equatable {
    /// Recording length, seconds.
    public var durationS: Double
    /// Beats analysed over the whole recording.
    public var beatCount: Int
    /// One row per clock hour from the start of the recording (the last may be shorter).
    public var hours: [HolterHour]
    public var episodes: HolterEpisodes
    public var hrv: HolterHRV

    /// Recordings longer than this get a Holter summary, seconds.
    public static let minimumDurationSeconds = 3600.0
}
