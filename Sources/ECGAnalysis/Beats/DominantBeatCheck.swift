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

    /// Pearson correlation of each beat's QRS snippet with the sample-wise median snippet of the normal beats; nil
    /// for every beat when fewer than ``minimumNormalBeats`` normal beats have a snippet, and for beats whose snippet
    /// leaves the signal. `peaks[i]` is beat i's R peak in `signal` (the measurement signal at `sampleRate`).
    static func correlations(beats: [ClassifiedBeat], signal: [Float], sampleRate: Double, peaks: [Int]) -> [Double?] {
        guard peaks.count == beats.count, beats.contains(where: { $0.aami == .ventricular }) else {
            return beats.map { _ in nil }
        }
        let snippets = PacedMorphology.snippets(signal: signal, sampleRate: sampleRate, peaks: peaks)
        let normal = beats.indices.filter { beats[$0].aami == .normal && !snippets[$0].isEmpty }.map { snippets[$0] }
        guard normal.count >= minimumNormalBeats else { return beats.map { _ in nil } }
        let template = SampleWiseMedian.of(normal)
        return snippets.map { $0.isEmpty ? nil : Correlation.pearson($0, template) }
    }

    /// Indices of the V beats of `beats` the check reads as normal, given each beat's
    /// ``correlations(beats:signal:sampleRate:peaks:)`` (over the whole recording, or per measurement segment of a
    /// long one; the RR test runs over all beats).
    static func overruled(beats: [ClassifiedBeat], correlations: [Double?]) -> [Int] {
        guard correlations.count == beats.count else { return [] }
        let rr = zip(beats.dropFirst(), beats).map { $0.time - $1.time }
        return beats.indices.filter { i in
            guard beats[i].aami == .ventricular, i > 0, let r = correlations[i], r >= minimumCorrelation else { return false }
            // rr[i - 1] is the interval ending at beat i; the window is the intervals around it.
            let window = rr[max(0, i - 1 - localHalfIntervals)...min(rr.count - 1, i - 1 + localHalfIntervals)]
            return rr[i - 1] >= minimumOnTime * HeartRateAnalysis.median(window)
        }
    }

    /// `beats` with the V labels at `indices` read as `normalLabel` (the model's label kept in
    /// ``ClassifiedBeat/modelLabel``).
    static func relabel(_ beats: [ClassifiedBeat], at indices: [Int], normalLabel: String) -> [ClassifiedBeat] {
        var read = beats
        for i in indices { read[i] = beats[i].relabelled(normalLabel) }
        return read
    }

    /// `beats` with the overruled V labels read as `normalLabel`: the whole recording as one stretch.
    static func apply(
        _ beats: [ClassifiedBeat], normalLabel: String?, signal: [Float], sampleRate: Double, peaks: [Int]
    ) -> [ClassifiedBeat] {
        guard let normalLabel else { return beats }
        let r = correlations(beats: beats, signal: signal, sampleRate: sampleRate, peaks: peaks)
        return relabel(beats, at: overruled(beats: beats, correlations: r), normalLabel: normalLabel)
    }
}
