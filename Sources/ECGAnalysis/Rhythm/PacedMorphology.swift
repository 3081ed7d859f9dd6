import Foundation

/// What paced ventricular beats look like without a visible stimulus: a wide QRS of one constant shape, at a fixed
/// rate, with atrial activity absent or unrelated to it.
///
/// Measured over one stretch of beats (all classes, since the beat model has no reliable paced label):
/// - `wide_qrs_fraction`: beats with a delineated QRS ≥ ``wideQRS`` ms / beats with a delineated QRS;
/// - `consistency`: median over beats of the Pearson correlation between the beat's QRS snippet
///   (`[R − 80 ms, R + 120 ms]` of the measurement signal) and the stretch's median snippet (sample-wise median);
/// - `fixed_rate_fraction`: RR intervals (consecutive beats, 0.25-2.5 s) within ±``fixedRateTolerance`` of the
///   stretch's median RR / all such intervals (a pacemaker's escape interval repeats to the sample);
/// - `rr_median_ms`: that median RR;
/// - `p_wave_ratio`: beats with a delineated P wave / delineated beats, of every class;
/// - `pr_sd_ms`: SD of PR over those beats (a P wave unrelated to the QRS scatters it).
public struct PacedMorphology: Sendable, Encodable, Equatable {
    @ExplicitNull public var wideQRSFraction: Double? = nil
    @ExplicitNull public var consistency: Double? = nil
    public var fixedRateFraction: Double
    @ExplicitNull public var rrMedianMs: Double? = nil
    @ExplicitNull public var pWaveRatio: Double? = nil
    @ExplicitNull public var prSDMs: Double? = nil

    static let wideQRS = 120.0
    static let fixedRateTolerance = 0.03
    /// Snippet window around R, seconds.
    static let snippet = (before: 0.08, after: 0.12)

    /// The QRS snippet of every beat (`signal` at `sampleRate`, `peaks[i]` the R of beat i); an empty snippet where
    /// the window leaves the signal.
    static func snippets(signal: [Float], sampleRate: Double, peaks: [Int]) -> [[Float]] {
        guard sampleRate > 0 else { return peaks.map { _ in [] } }
        let before = Int((snippet.before * sampleRate).rounded()), after = Int((snippet.after * sampleRate).rounded())
        return peaks.map { r in
            guard r - before >= 0, r + after < signal.count else { return [] }
            return Array(signal[(r - before)...(r + after)])
        }
    }

    /// Median over the non-empty `shapes` of the Pearson correlation between a shape and their sample-wise median,
    /// rounded to 3 places: 1 when every beat has the same shape. nil with fewer than 3 shapes of one length.
    static func consistency(of shapes: [[Float]]) -> Double? {
        let shapes = shapes.filter { !$0.isEmpty }
        guard shapes.count >= 3, let length = shapes.first?.count, length > 2, shapes.allSatisfy({ $0.count == length })
        else { return nil }
        let template = SampleWiseMedian.of(shapes)
        let r = shapes.compactMap { Correlation.pearson($0, template) }.sorted()
        return r.isEmpty ? nil : r[r.count / 2].rounded(toPlaces: 3)
    }

    /// The measures over `features` (one stretch).
    init(features f: [BeatFeatures]) {
        let qrs = f.compactMap(\.qrsMs)
        if !qrs.isEmpty {
            wideQRSFraction = (Double(qrs.filter { $0 >= Self.wideQRS }.count) / Double(qrs.count)).rounded(toPlaces: 3)
        }
        consistency = Self.consistency(of: f.map(\.shape))
        var rr: [Double] = []
        for i in f.indices.dropFirst() {
            let interval = f[i].time - f[i - 1].time
            if interval >= 0.25, interval <= 2.5 { rr.append(interval) }
        }
        if rr.isEmpty {
            fixedRateFraction = 0
        } else {
            let median = rr.sorted()[rr.count / 2]
            rrMedianMs = (median * 1000).rounded(toPlaces: 1)
            let fixed = rr.filter { abs($0 - median) <= Self.fixedRateTolerance * median }.count
            fixedRateFraction = (Double(fixed) / Double(rr.count)).rounded(toPlaces: 3)
        }
        let delineated = f.filter { $0.pWave != nil }
        if !delineated.isEmpty {
            pWaveRatio = (Double(delineated.filter { $0.pWave == true }.count) / Double(delineated.count)).rounded(toPlaces: 3)
        }
        let prs = f.compactMap(\.prMs).filter { $0 >= 40 && $0 <= 600 }
        if prs.count >= 3 {
            let mean = prs.reduce(0, +) / Double(prs.count)
            prSDMs = (prs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(prs.count - 1)).squareRoot().rounded(toPlaces: 1)
        }
    }

    init(
        wideQRSFraction: Double?, consistency: Double?, fixedRateFraction: Double, rrMedianMs: Double?, pWaveRatio: Double?,
        prSDMs: Double?
    ) {
        self.wideQRSFraction = wideQRSFraction
        self.consistency = consistency
        self.fixedRateFraction = fixedRateFraction
        self.rrMedianMs = rrMedianMs
        self.pWaveRatio = pWaveRatio
        self.prSDMs = prSDMs
    }
}
