/// How much of the per-beat output a report carries (`beats` and `heart_rate.rr_ms`), so that results of long
/// recordings stay small.
public enum BeatListMode: String, Sendable, CaseIterable {
    /// No beat list and no RR list: counts, summaries and episodes only.
    case none
    /// Only beats whose label is not normal (AAMI class other than N), and no RR list.
    case summary
    /// Every beat and every RR interval.
    case all

    /// The mode used when none is asked for: `all` up to one hour, `summary` beyond.
    public static func automatic(durationSeconds: Double) -> BeatListMode {
        durationSeconds > HolterSummary.minimumDurationSeconds ? .summary : .all
    }
}
