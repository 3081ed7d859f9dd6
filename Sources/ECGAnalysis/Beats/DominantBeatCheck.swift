/// Ventricular labels the recording's own normal beats contradict.
///
/// A ventricular ectopic beat comes from elsewhere in the ventricles: its QRS differs from the patient's conducted
/// beats and it usually arrives early. A beat the model calls ventricular (V) whose QRS has the shape of the
/// recording's normal beats and which arrives on time is most often a conducted beat the model misread — in
/// patients with a bundle-branch block, whose every QRS is wide, or in stretches where a premature-looking rhythm
/// fools the RR features. Holter systems settle this with the recording's own dominant template; so does this check:
///
/// - template: the sample-wise median of the QRS snippets (`[R − 80 ms, R + 120 ms]` of the measurement signal, as
///   ``PacedMorphology`` cuts them) of the beats the model calls normal, when there are at least
///   ``minimumNormalBeats``;
/// - a V beat is read as normal when its snippet's Pearson correlation with the template is at least
///   ``minimumCorrelation`` and its RR interval is at least ``minimumOnTime`` times the median of the 17 RR
///   intervals centred on it (``localHalfIntervals`` either side; a premature beat of the same shape stays V).
///
/// The thresholds were set on MIT-BIH DS1 (`docs/ACCURACY.md`): the lowest correlation of 0.90 / 0.95 / 0.97 at which
/// no reference V beat of DS1 is read as normal.
enum DominantBeatCheck {
    static let minimumCorrelation = 0.97
    static let minimumOnTime = 0.9
    static let minimumNormalBeats = 20
    static let localHalfIntervals = 8

    /// Indices of the V beats of `beats` the check reads as normal. `peaks[i]` is beat i's R peak in `signal` (the
    /// measurement signal at `sampleRate`).
    static func overruled(beats: [ClassifiedBeat], signal: [Float], sampleRate: Double, peaks: [Int]) -> [Int] {
        guard peaks.count == beats.count, beats.contains(where: { $0.aami == .ventricular }) else { return [] }
        let snippets = PacedMorphology.snippets(signal: signal, sampleRate: sampleRate, peaks: peaks)
        let normal = beats.indices.filter { beats[$0].aami == .normal && !snippets[$0].isEmpty }.map { snippets[$0] }
        guard normal.count >= minimumNormalBeats else { return [] }
        let template = SampleWiseMedian.of(normal)
        let rr = zip(beats.dropFirst(), beats).map { $0.time - $1.time }
        return beats.indices.filter { i in
            guard beats[i].aami == .ventricular, i > 0, !snippets[i].isEmpty,
                  let r = Correlation.pearson(snippets[i], template), r >= minimumCorrelation else { return false }
            // rr[i - 1] is the interval ending at beat i; the window is the intervals around it.
            let window = rr[max(0, i - 1 - localHalfIntervals)...min(rr.count - 1, i - 1 + localHalfIntervals)]
            return rr[i - 1] >= minimumOnTime * HeartRateAnalysis.median(window)
        }
    }

    /// `beats` with the overruled V labels read as `normalLabel` (the model's label kept in
    /// ``ClassifiedBeat/modelLabel``).
    static func apply(
        _ beats: [ClassifiedBeat], normalLabel: String?, signal: [Float], sampleRate: Double, peaks: [Int]
    ) -> [ClassifiedBeat] {
        guard let normalLabel else { return beats }
        var read = beats
        for i in overruled(beats: beats, signal: signal, sampleRate: sampleRate, peaks: peaks) {
            read[i] = beats[i].relabelled(normalLabel)
        }
        return read
    }
}
