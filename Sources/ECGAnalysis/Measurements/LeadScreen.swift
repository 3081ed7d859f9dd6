/// The raw-lead measures of ``SignalQualityCheck/screen(_:sampleRate:)``, accumulated block by block so a lead of any
/// length is screened without holding it: extremes, the share of flat seconds (1-s windows from the first sample
/// with a peak-to-peak below 0.02 mV; a trailing partial window is not counted), and, in a second pass once the
/// extremes are known, the share of clipped samples (runs of 3 or more samples at the lead's minimum or maximum).
struct LeadScreen {
    let window: Int
    private(set) var count = 0
    private(set) var low = Float.infinity
    private(set) var high = -Float.infinity
    private var windows = 0, flatWindows = 0, filled = 0
    private var windowLow: Float = 0, windowHigh: Float = 0
    private var clippedSamples = 0, run = 0

    init(sampleRate: Double) { window = max(1, Int(sampleRate)) }

    /// First pass: `x` continues the lead (finite samples).
    mutating func add(_ x: ArraySlice<Float>) {
        for v in x {
            low = min(low, v)
            high = max(high, v)
            if filled == 0 {
                windowLow = v
                windowHigh = v
            } else {
                windowLow = min(windowLow, v)
                windowHigh = max(windowHigh, v)
            }
            filled += 1
            if filled == window {
                if windowHigh - windowLow < SignalQualityCheck.flatWindowPeakToPeak { flatWindows += 1 }
                windows += 1
                filled = 0
            }
        }
        count += x.count
    }

    /// Second pass (after every sample went through `add`): `x` continues the lead from its start.
    mutating func addClipping(_ x: ArraySlice<Float>) {
        for v in x {
            if v == high || v == low { run += 1 } else { run = 0 }
            if run == 3 { clippedSamples += 3 } else if run > 3 { clippedSamples += 1 }
        }
    }

    /// Peak-to-peak (mV), flat and clipped fractions; throws `unanalysableSignal` for a flat, mostly flat or mostly
    /// clipped lead, `invalidInput` for an empty one.
    func verdict() throws -> (peakToPeak: Float, flat: Double, clipped: Double) {
        guard count > 0 else { throw ECGAnalysisError.invalidInput("the lead is empty") }
        guard high - low >= SignalQualityCheck.flatPeakToPeak else {
            throw ECGAnalysisError.unanalysableSignal(
                "the signal is flat (peak-to-peak \(Double(high - low).rounded(toPlaces: 3)) mV)")
        }
        let flat = windows > 0 ? Double(flatWindows) / Double(windows) : 0
        let clipped = Double(clippedSamples) / Double(count)
        if flat > 0.5 {
            throw ECGAnalysisError.unanalysableSignal("the signal is flat in \(Int(flat * 100)) % of its seconds")
        }
        if clipped > 0.25 {
            throw ECGAnalysisError.unanalysableSignal("the signal is clipped in \(Int(clipped * 100)) % of its samples")
        }
        return (high - low, flat, clipped)
    }
}
