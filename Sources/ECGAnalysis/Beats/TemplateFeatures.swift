import Foundation

/// Morphology of one beat against its recording's dominant beat, as the training pipeline
/// (`tools/train/mitdb.py`, `template_features`) computes it.
///
/// w is the beat's model window (length W, normalised as the sidecar says), T the template of its block
/// (``BeatTemplates``: the element-wise median window of the surrounding beats), d = w − T, A the template's median
/// peak-to-peak amplitude. A region [a, b) in seconds is the window indices
/// [rIndex + round(a·fs), rIndex + round(b·fs)) clipped to [0, W) (round half to even).
enum TemplateFeatures {
    enum Feature: String, CaseIterable {
        /// Pearson correlation of w and T over the window (0 when either is constant).
        case correlation = "template_corr"
        /// The same over the QRS region.
        case qrsCorrelation = "template_qrs_corr"
        /// sqrt(mean(d²)) over the window.
        case rms = "template_rms"
        /// sqrt(mean(d²)) over the P-wave region.
        case pRMS = "template_p_rms"
        /// The beat's peak-to-peak (max − min of the band-passed window before normalisation) over max(A, 1e−6).
        case amplitudeRatio = "template_amplitude_ratio"
    }

    /// The window index range of a region [a, b) seconds around the R peak.
    static func region(_ bounds: [Double], rIndex: Int, window: Int, sampleRate: Double) -> Range<Int> {
        func index(_ seconds: Double) -> Int {
            min(max(rIndex + Int((seconds * sampleRate).rounded(.toNearestOrEven)), 0), window)
        }
        let low = index(bounds[0])
        return low..<max(low, index(bounds[1]))
    }

    /// The five features in `Feature.allCases` order for one window against one template.
    static func values(
        window w: UnsafeBufferPointer<Float>, peakToPeak: Float, template t: [Float], amplitude: Float,
        qrs: Range<Int>, pWave: Range<Int>
    ) -> [Double] {
        func correlation(_ range: Range<Int>) -> Double { Correlation.pearson(w[range], t[range]) ?? 0 }
        func rms(_ range: Range<Int>) -> Double {
            guard !range.isEmpty else { return 0 }
            var sum = 0.0
            for k in range {
                let d = Double(w[k]) - Double(t[k])
                sum += d * d
            }
            return (sum / Double(range.count)).squareRoot()
        }
        let whole = 0..<min(w.count, t.count)
        return [
            correlation(whole), correlation(qrs.clamped(to: whole)), rms(whole), rms(pWave.clamped(to: whole)),
            Double(peakToPeak) / max(Double(amplitude), 1e-6),
        ]
    }

    /// The values of a beat that has no template (a beat like its template): 1, 1, 0, 0, 1.
    static let neutral: [Double] = [1, 1, 0, 0, 1]
}
