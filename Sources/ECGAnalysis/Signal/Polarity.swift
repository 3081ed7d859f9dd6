/// Lead polarity: whether the dominant QRS deflection points up or down.
public enum SignalPolarity: String, Sendable, Codable {
    case upright
    case inverted

    /// Decides the polarity of `x` from its QRS complexes: at each R-peak index, the largest positive and the largest
    /// negative deflection within ±50 ms of the band-passed (5–25 Hz) signal are compared; the lead is inverted when
    /// the negative deflection dominates in most beats. Upright when there are fewer than 3 peaks.
    public static func estimate(_ x: [Float], sampleRate: Double, peaks: [Int]) -> SignalPolarity {
        guard peaks.count >= 3, ECGReadOptions.plausibleSampleRates.contains(sampleRate) else { return .upright }
        let filtered = SignalFilters.bandpass(x, sampleRate: sampleRate, low: 5, high: 25, order: 2)
        let half = max(1, Int(0.05 * sampleRate))
        var negativeVotes = 0
        var counted = 0
        for peak in peaks where peak >= 0 && peak < filtered.count {
            let lower = max(0, peak - half), upper = min(filtered.count - 1, peak + half)
            var maximum: Float = 0, minimum: Float = 0
            for i in lower...upper {
                maximum = max(maximum, filtered[i])
                minimum = min(minimum, filtered[i])
            }
            counted += 1
            if -minimum > 1.3 * maximum { negativeVotes += 1 }
        }
        return negativeVotes * 2 > counted ? .inverted : .upright
    }

    /// `x` flipped when `self` is `.inverted`.
    public func corrected(_ x: [Float]) -> [Float] {
        self == .inverted ? x.map { -$0 } : x
    }
}
