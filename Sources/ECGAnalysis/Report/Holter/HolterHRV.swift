/// Whole-recording time-domain heart-rate variability on NN intervals (RR between two normal beats, 0.3–2.0 s, as
/// the report's `hrv`), with the long-term measures of the 1996 Task Force standard (Circulation 93(5):1043-65).
/// Every value is nil when there are too few intervals for it.
public struct HolterHRV: Sendable, Codable, Equatable {
    /// NN intervals used.
    public var nnIntervals: Int
    /// Standard deviation (n − 1) of all NN intervals, ms.
    public var sdnnMs: Double?
    /// Standard deviation of the mean NN of each 5-minute window, ms (at least 2 windows).
    public var sdannMs: Double?
    /// Mean of the standard deviations of NN within each 5-minute window, ms.
    public var sdnnIndexMs: Double?
    /// Root mean square of successive NN differences, ms.
    public var rmssdMs: Double?
    /// Successive NN differences over 50 ms, percent.
    public var pnn50Pct: Double?
    /// NN count / height of the tallest bin of the NN histogram (bins of 1/128 s).
    public var triangularIndex: Double?
    /// Window length of SDANN and SDNN index, seconds.
    public var windowS: Double
}
