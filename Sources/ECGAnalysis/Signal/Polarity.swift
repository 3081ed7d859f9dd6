/// Lead polarity: whether the dominant QRS deflection points up or down.
public enum SignalPolarity: String, Sendable, Codable {
    case upright
    case inverted

    /// Decides the polarity of `x` from its QRS complexes: at each R-peak index, the largest positive and the largest
    /// negative deflection within ±50 ms of the band-passed (5–25 Hz) signal are compared; the lead is inverted when
    /// the negative deflection dominates in most beats. Upright when there are fewer than 3 peaks.
    public static func estimate(_ x: [Float], sampleRate: Double, peaks: [Int]) -> SignalPolarity {
        guard peaks.count >= 3, ECGReadOptions.plausibleSampleRates.contains(sampleRate) else { return .upright }
        let filtered = polarityBand(x, sampleRate: sampleRate)
        let votes = votes(filtered, offset: 0, total: filtered.count, sampleRate: sampleRate, peaks: peaks)
        return decide(negative: votes.negative, counted: votes.counted, peakCount: peaks.count, sampleRate: sampleRate)
    }

    /// The 5–25 Hz band the votes are taken on.
    static func polarityBand(_ x: [Float], sampleRate: Double) -> [Float] {
        SignalFilters.bandpass(x, sampleRate: sampleRate, low: 5, high: 25, order: 2)
    }

    /// Votes of the peaks in `peaks` (indices into the whole lead of `total` samples) on `filtered`, the band-passed
    /// lead from sample `offset` on: a beat votes "inverted" when its largest negative deflection within ±50 ms is
    /// more than 1.3 times its largest positive one. `filtered` must cover every window (or reach the lead's edge).
    static func votes(
        _ filtered: [Float], offset: Int, total: Int, sampleRate: Double, peaks: some Sequence<Int>
    ) -> (negative: Int, counted: Int) {
        let half = max(1, Int(0.05 * sampleRate))
        var negativeVotes = 0
        var counted = 0
        for peak in peaks where peak >= 0 && peak < total {
            let lower = max(0, peak - half), upper = min(total - 1, peak + half)
            var maximum: Float = 0, minimum: Float = 0
            for i in lower...upper {
                maximum = max(maximum, filtered[i - offset])
                minimum = min(minimum, filtered[i - offset])
            }
            counted += 1
            if -minimum > 1.3 * maximum { negativeVotes += 1 }
        }
        return (negativeVotes, counted)
    }

    /// Inverted when most counted beats voted so; upright with fewer than 3 peaks.
    static func decide(negative: Int, counted: Int, peakCount: Int, sampleRate: Double) -> SignalPolarity {
        guard peakCount >= 3, ECGReadOptions.plausibleSampleRates.contains(sampleRate) else { return .upright }
        return negative * 2 > counted ? .inverted : .upright
    }

    /// `x` flipped when `self` is `.inverted`.
    public func corrected(_ x: [Float]) -> [Float] {
        self == .inverted ? x.map { -$0 } : x
    }
}
