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
        try checkRate(sampleRate)
        guard x.allSatisfy(\.isFinite) else { throw ECGAnalysisError.invalidInput("the lead contains NaN or infinite values") }
        try checkDuration(sampleCount: x.count, sampleRate: sampleRate)
        var screen = LeadScreen(sampleRate: sampleRate)
        screen.add(x[...])
        screen.addClipping(x[...])
        return try screen.verdict()
    }

    /// Throws unless the rate is a positive number of Hz of at least `minimumSampleRate`.
    static func checkRate(_ sampleRate: Double) throws {
        guard sampleRate.isFinite, sampleRate > 0 else {
            throw ECGAnalysisError.invalidInput("the sample rate must be a positive number of Hz")
        }
        guard sampleRate >= minimumSampleRate else {
            throw ECGAnalysisError.unanalysableSignal(
                "the sample rate \(sampleRate.rounded(toPlaces: 1)) Hz is too low for ECG analysis (at least \(Int(minimumSampleRate)) Hz)")
        }
    }

    /// Throws unless the lead lasts at least `minimumDuration`.
    static func checkDuration(sampleCount: Int, sampleRate: Double) throws {
        let duration = Double(sampleCount) / sampleRate
        guard duration >= minimumDuration else {
            throw ECGAnalysisError.unanalysableSignal(
                "the recording is too short (\(duration.rounded(toPlaces: 1)) s; at least \(Int(minimumDuration)) s needed)")
        }
    }

    /// The full verdict once beats are known. Throws when there are too few beats or the beat rate is
    /// implausible in a noisy signal (nothing reliable can be said then).
    static func assess(
        _ x: [Float], sampleRate: Double, screen: (peakToPeak: Float, flat: Double, clipped: Double), beatCount: Int
    ) throws -> SignalQuality {
        var hfRatio: Double?
        if sampleRate >= 100 {
            var power = BandPowers(sampleRate: sampleRate)
            power.add(x, core: 0..<x.count)
            hfRatio = power.ratio
        }
        return try assess(duration: Double(x.count) / sampleRate, hfRatio: hfRatio, screen: screen, beatCount: beatCount)
    }

    /// The verdict from whole-lead measures: `hfRatio` is ``BandPowers/ratio`` (nil below 100 Hz).
    static func assess(
        duration: Double, hfRatio: Double?, screen: (peakToPeak: Float, flat: Double, clipped: Double), beatCount: Int
    ) throws -> SignalQuality {
        let rate = Double(beatCount) * 60 / duration
        guard beatCount >= 2 else {
            throw ECGAnalysisError.unanalysableSignal("no heartbeats could be detected")
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
