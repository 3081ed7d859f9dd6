/// One printed row of trace, followed across the deskewed page.
struct TraceRow {
    /// Peak of the row profile, pixels from the top.
    var baseline: Int
    /// Median row of the trace: the 0 mV level, pixels.
    var zeroLevel: Float
    /// Trace position per image column (NaN where no ink was followed), `[width]`.
    var positions: [Float]
    /// First and last column of the trace itself (after any calibration pulse).
    var start: Int
    var end: Int
    /// Gain from this row's calibration pulse, if it has one.
    var pulseGain: Double?
    /// Fraction of columns in `start...end` where ink was followed.
    var coverage: Double
    /// Fraction of consecutive followed columns whose runs touch (no jump).
    var continuity: Double
    /// Mean number of ink runs per column in the row's band (≈ 1 for a clean trace).
    var clutter: Double

    var columns: Int { end - start + 1 }
}
