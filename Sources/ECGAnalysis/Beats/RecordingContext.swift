/// How far beyond a beat's neighbours the recording-context features look: the sidecar's `context` object
/// (format "ecg-preprocessing/2"). All durations in seconds; regions are relative to the R peak.
public struct RecordingContext: Sendable, Codable, Equatable {
    /// H of `long_rr_s`: the mean pre RR over the beats within ±H of the beat.
    public var longRRHalfWindowS: Double
    /// The dominant-beat template is renewed every `templateBlockS` seconds of recording (block k holds the beats
    /// with ⌊t / templateBlockS⌋ = k) …
    public var templateBlockS: Double
    /// … from the beats within ±`templateHalfWindowS` of the block's centre (k + ½)·templateBlockS.
    public var templateHalfWindowS: Double
    /// [start, end) of the QRS region compared with the template.
    public var qrsRegionS: [Double]
    /// [start, end) of the P-wave region compared with the template.
    public var pRegionS: [Double]
    /// K of the local median and the irregularity: they look at the beats i − K … i + K. A sidecar written before
    /// this key existed reads as the standard value (its features do not use it).
    public var localRRHalfBeats: Int
    /// q of the upper reference interval: the sorted RR interval at index ⌊q·(m − 1)⌋ of the m within ±H.
    public var upperRRQuantile: Double

    enum CodingKeys: String, CodingKey {
        case longRRHalfWindowS = "long_rr_half_window_s", templateBlockS = "template_block_s"
        case templateHalfWindowS = "template_half_window_s", qrsRegionS = "qrs_region_s", pRegionS = "p_region_s"
        case localRRHalfBeats = "local_rr_half_beats", upperRRQuantile = "upper_rr_quantile"
    }

    public init(
        longRRHalfWindowS: Double, templateBlockS: Double, templateHalfWindowS: Double, qrsRegionS: [Double],
        pRegionS: [Double], localRRHalfBeats: Int = 8, upperRRQuantile: Double = 0.9
    ) {
        self.longRRHalfWindowS = longRRHalfWindowS
        self.templateBlockS = templateBlockS
        self.templateHalfWindowS = templateHalfWindowS
        self.qrsRegionS = qrsRegionS
        self.pRegionS = pRegionS
        self.localRRHalfBeats = localRRHalfBeats
        self.upperRRQuantile = upperRRQuantile
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            longRRHalfWindowS: try container.decode(Double.self, forKey: .longRRHalfWindowS),
            templateBlockS: try container.decode(Double.self, forKey: .templateBlockS),
            templateHalfWindowS: try container.decode(Double.self, forKey: .templateHalfWindowS),
            qrsRegionS: try container.decode([Double].self, forKey: .qrsRegionS),
            pRegionS: try container.decode([Double].self, forKey: .pRegionS),
            localRRHalfBeats: try container.decodeIfPresent(Int.self, forKey: .localRRHalfBeats) ?? 8,
            upperRRQuantile: try container.decodeIfPresent(Double.self, forKey: .upperRRQuantile) ?? 0.9)
    }

    /// The values the training pipeline uses (`tools/train/mitdb.py`): 150 s, 60-s blocks, ±150 s,
    /// QRS [−50 ms, +100 ms), P [−250 ms, −50 ms), K = 8 beats, q = 0.9.
    public static let standard = RecordingContext(
        longRRHalfWindowS: 150, templateBlockS: 60, templateHalfWindowS: 150, qrsRegionS: [-0.05, 0.1],
        pRegionS: [-0.25, -0.05], localRRHalfBeats: 8, upperRRQuantile: 0.9)

    /// Nil when valid, else what is wrong. The template's window must reach its own block's beats
    /// (templateHalfWindowS ≥ templateBlockS / 2).
    func problem() -> String? {
        guard longRRHalfWindowS.isFinite, longRRHalfWindowS > 0, longRRHalfWindowS <= 86_400 else {
            return "long_rr_half_window_s must be in (0, 86400]"
        }
        guard templateBlockS.isFinite, templateBlockS >= 1, templateBlockS <= 86_400 else {
            return "template_block_s must be in [1, 86400]"
        }
        guard templateHalfWindowS.isFinite, templateHalfWindowS >= templateBlockS / 2, templateHalfWindowS <= 86_400 else {
            return "template_half_window_s must be in [template_block_s / 2, 86400]"
        }
        guard (1...1_000).contains(localRRHalfBeats) else { return "local_rr_half_beats must be in [1, 1000]" }
        guard upperRRQuantile.isFinite, upperRRQuantile >= 0.5, upperRRQuantile <= 1 else {
            return "upper_rr_quantile must be in [0.5, 1]"
        }
        for (name, region) in [("qrs_region_s", qrsRegionS), ("p_region_s", pRegionS)] {
            guard region.count == 2, region.allSatisfy({ $0.isFinite && abs($0) <= 10 }), region[0] < region[1] else {
                return "\(name) must be [start, end] with start < end, within ±10 s"
            }
        }
        return nil
    }
}
