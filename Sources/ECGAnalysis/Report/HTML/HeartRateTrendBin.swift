/// One bin of a ``HeartRateTrend``: its start and the heart rate in it, bpm; nil when it holds fewer than two beats.
struct HeartRateTrendBin: Equatable {
    /// Seconds from the recording's start.
    var startS: Double
    var meanBPM: Double? = nil
    var minBPM: Double? = nil
    var maxBPM: Double? = nil
}
