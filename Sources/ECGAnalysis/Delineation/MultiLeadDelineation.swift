/// Every beat of every lead delineated (`WaveletDelineator`) and the leads combined (`MultiLeadCombiner`).
///
/// Shapes: `perLead[l][b]` and `combined[b]` for lead l and beat b (one per R peak); positions are samples of the
/// input signals.
public struct MultiLeadDelineation: Sendable {
    /// Names of the delineated leads, in `perLead` order.
    public var leads: [String]
    public var perLead: [[BeatWaves]]
    public var combined: [BeatWaves]
    /// For each beat, the indices (into `leads`) of the leads that contributed to `combined`.
    public var contributions: [[Int]]

    /// Delineates `leads` (mV at `sampleRate`, same length, already band-passed to the measurement band)
    /// at the R peaks `rPeaks`.
    public static func delineate(leads: [(name: String, samples: [Float])], sampleRate: Double, rPeaks: [Int])
        -> MultiLeadDelineation
    {
        let perLead = leads.map { WaveletDelineator.delineate($0.samples, sampleRate: sampleRate, rPeaks: rPeaks) }
        let combined = MultiLeadCombiner.combine(perLead, sampleRate: sampleRate)
        return MultiLeadDelineation(
            leads: leads.map(\.name), perLead: perLead, combined: combined.waves, contributions: combined.contributions)
    }

    /// The band the delineator expects its input in: 0.5-40 Hz, Butterworth order 2, zero phase (what the analyzer
    /// measures on).
    public static func measurementBand(_ x: [Float], sampleRate: Double) -> [Float] {
        SignalFilters.bandpass(x, sampleRate: sampleRate, low: 0.5, high: min(40, 0.45 * sampleRate), order: 2)
    }

    /// How the points were found.
    public static let method = WaveletDelineator.method + "; " + MultiLeadCombiner.rule
}
