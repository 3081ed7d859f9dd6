/// Signal-quality verdict with the measures behind it.
public struct SignalQuality: Sendable, Encodable, Equatable {
    public enum Status: String, Sendable, Encodable { case good, acceptable, poor }

    public var status: Status
    /// One sentence per problem found; empty when none.
    public var issues: [String]
    public var durationS: Double
    /// Peak-to-peak amplitude of the whole lead, mV.
    public var peakToPeakMv: Double
    /// Share of 1-s windows whose peak-to-peak amplitude is below 0.02 mV.
    public var flatFraction: Double
    /// Share of samples sitting at the lead's extreme values in runs of 3 or more.
    public var clippedFraction: Double
    /// Power above 40 Hz relative to the 0.5-40 Hz band; nil when the sample rate is below 100 Hz.
    @ExplicitNull public var highFrequencyRatio: Double? = nil
    /// Beats per minute implied by the number of detected beats over the duration.
    public var detectedBeatRateBPM: Double
}

/// Signal checks before and after beat detection. Each `unanalysable…` outcome throws
/// `ECGAnalysisError.unanalysableSignal` naming the problem; milder problems become `issues`.
enum SignalQualityCheck {
    static let minimumDuration = 5.0
    /// Below this rate a QRS complex (~80 ms) spans too few samples to detect and delineate, Hz.
    static let minimumSampleRate = 100.0
    static let flatPeakToPeak: Float = 0.05
    static let flatWindowPeakToPeak: Float = 0.02
    static let plausibleRate = 20.0...250.0
    static let noisyRatio = 0.5
    /// More power above 40 Hz than in the ECG band: the trace is mostly noise.
    static let hopelessRatio = 1.0

    /// Measures that need only the raw lead (mV at `sampleRate`); throws when the lead is hopeless
    /// (sampled below 100 Hz, non-finite values, shorter than 5 s, flat, mostly clipped or mostly flat).
    static func screen(_ x: [Float], sampleRate: Double) throws -> (peakToPeak: Float, flat: Double, clipped: Double) {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw ECGAnalysisError.invalidInput("the sample rate must be a positive number of Hz")
        }
        guard sampleRate >= minimumSampleRate else {
            throw ECGAnalysisError.unanalysableSignal(
                "the sample rate \(sampleRate.rounded(toPlaces: 1)) Hz is too low for ECG analysis (at least \(Int(minimumSampleRate)) Hz)")
        }
        guard x.allSatisfy(\.isFinite) else { throw ECGAnalysisError.invalidInput("the lead contains NaN or infinite values") }
        let duration = Double(x.count) / sampleRate
        guard duration >= minimumDuration else {
            throw ECGAnalysisError.unanalysableSignal(
                "the recording is too short (\(duration.rounded(toPlaces: 1)) s; at least \(Int(minimumDuration)) s needed)")
        }
        guard let low = x.min(), let high = x.max() else { throw ECGAnalysisError.invalidInput("the lead is empty") }
        guard high - low >= flatPeakToPeak else {
            throw ECGAnalysisError.unanalysableSignal(
                "the signal is flat (peak-to-peak \(Double(high - low).rounded(toPlaces: 3)) mV)")
        }
        let window = max(1, Int(sampleRate))
        var windows = 0
        var flatWindows = 0
        var start = 0
        while start + window <= x.count {
            var wLow = x[start], wHigh = x[start]
            for v in x[start..<(start + window)] { wLow = min(wLow, v); wHigh = max(wHigh, v) }
            if wHigh - wLow < flatWindowPeakToPeak { flatWindows += 1 }
            windows += 1
            start += window
        }
        let flat = windows > 0 ? Double(flatWindows) / Double(windows) : 0
        var clippedSamples = 0
        var run = 0
        for v in x {
            if v == high || v == low { run += 1 } else { run = 0 }
            if run == 3 { clippedSamples += 3 } else if run > 3 { clippedSamples += 1 }
        }
        let clipped = Double(clippedSamples) / Double(x.count)
        if flat > 0.5 {
            throw ECGAnalysisError.unanalysableSignal("the signal is flat in \(Int(flat * 100)) % of its seconds")
        }
        if clipped > 0.25 {
            throw ECGAnalysisError.unanalysableSignal("the signal is clipped in \(Int(clipped * 100)) % of its samples")
        }
        return (high - low, flat, clipped)
    }

    /// The full verdict once beats are known. Throws when there are too few beats or the beat rate is
    /// implausible in a noisy signal (nothing reliable can be said then).
    static func assess(
        _ x: [Float], sampleRate: Double, screen: (peakToPeak: Float, flat: Double, clipped: Double), beatCount: Int
    ) throws -> SignalQuality {
        let duration = Double(x.count) / sampleRate
        let rate = Double(beatCount) * 60 / duration
        guard beatCount >= 2 else {
            throw ECGAnalysisError.unanalysableSignal("no heartbeats could be detected")
        }
        var hfRatio: Double?
        if sampleRate >= 100 {
            let band = SignalFilters.bandpass(x, sampleRate: sampleRate, low: 0.5, high: 40, order: 2)
            let high = SignalFilters.bandpass(x, sampleRate: sampleRate, low: 40, high: min(150, 0.45 * sampleRate), order: 2)
            let bandPower = band.reduce(0.0) { $0 + Double($1) * Double($1) }
            let highPower = high.reduce(0.0) { $0 + Double($1) * Double($1) }
            if bandPower > 0 { hfRatio = (highPower / bandPower).rounded(toPlaces: 4) }
        }
        if let hfRatio, hfRatio > hopelessRatio {
            throw ECGAnalysisError.unanalysableSignal(
                "the signal is too noisy (power above 40 Hz is \(Int(hfRatio * 100)) % of the 0.5-40 Hz ECG band)")
        }
        var issues: [String] = []
        let noisy = (hfRatio ?? 0) > noisyRatio
        if !plausibleRate.contains(rate) {
            if noisy {
                throw ECGAnalysisError.unanalysableSignal(
                    "the signal is too noisy: \(beatCount) beats detected in \(Int(duration)) s (\(Int(rate)) per minute)")
            }
            issues.append("implausible beat rate (\(Int(rate)) per minute): detection may be unreliable")
        }
        if noisy { issues.append("high-frequency noise (power above 40 Hz is \(Int((hfRatio ?? 0) * 100)) % of the ECG band)") }
        if screen.flat > 0.1 { issues.append("flat-line stretches in \(Int(screen.flat * 100)) % of the recording") }
        if screen.clipped > 0.01 { issues.append("clipped samples (\((screen.clipped * 100).rounded(toPlaces: 1)) %)") }
        let status: SignalQuality.Status = issues.isEmpty ? .good : (issues.count == 1 && !noisy ? .acceptable : .poor)
        return SignalQuality(
            status: status, issues: issues, durationS: duration.rounded(toPlaces: 3),
            peakToPeakMv: Double(screen.peakToPeak).rounded(toPlaces: 3), flatFraction: screen.flat.rounded(toPlaces: 4),
            clippedFraction: screen.clipped.rounded(toPlaces: 4), highFrequencyRatio: hfRatio,
            detectedBeatRateBPM: rate.rounded(toPlaces: 1))
    }
}
