/// Ventricular labels the recording's own normal beats contradict.
///
/// A ventricular ectopic beat comes from elsewhere in the ventricles: its QRS differs from the patient's conducted
/// beats and it usually arrives early. A beat the model calls ventricular (V) whose QRS has the shape of the
/// recording's normal beats and which arrives on time is most often a conducted beat the model misread — in
/// patients with a bundle-branch block, whose every QRS is wide, or in stretches where a premature-looking rhythm
/// fools the RR features. Holter systems settle this with the recording's own dominant template, compared in every
/// recorded lead; so does this check:
///
/// - template, per lead: the sample-wise median of the QRS snippets (`[R − 80 ms, R + 120 ms]` of the lead's
///   measurement signal, as ``PacedMorphology`` cuts them) of the beats the model calls normal, when there are at
///   least ``minimumNormalBeats``;
/// - a beat's shape agreement is the lowest Pearson correlation of its snippets with the templates over the leads
///   compared: the analysed lead always, every other lead where its template and the beat's snippet exist. A
///   ventricular beat whose QRS resembles the normal one in the analysed lead but not in a second lead (a different
///   axis seen from another angle) keeps its label;
/// - a V beat is read as normal when its agreement is at least ``minimumCorrelation`` (0.97 from the analysed lead
///   alone, 0.90 when a second lead agrees too) and its RR interval is at least ``minimumOnTime`` times the median of
///   the 17 RR intervals centred on it (``localHalfIntervals`` either side; a premature beat of the same shape stays V).
///
/// The correlation thresholds were set on MIT-BIH DS1 (`docs/ACCURACY.md`), for one lead (MLII alone) and for two
/// (MLII and the record's chest lead): the lowest of 0.97, 0.95, 0.93, 0.90, 0.85 and 0.80 at which no reference V
/// beat of DS1 is read as normal.
enum DominantBeatCheck {
    /// The lowest agreement at which a V beat can read as normal: with the analysed lead alone, and with at least one
    /// more lead compared.
    static let minimumCorrelation = (oneLead: 0.97, severalLeads: 0.90)
    static let minimumOnTime = 0.9
    static let minimumNormalBeats = 20
    static let localHalfIntervals = 8

    /// One beat's QRS-shape agreement with the normal beats.
    struct Shape: Equatable {
        /// The lowest Pearson correlation over the leads compared.
        var correlation: Double
        /// How many leads were compared (the analysed lead included).
        var leads: Int

        /// Whether the beat has the normal beats' shape: ``minimumCorrelation`` for its lead count.
        var agrees: Bool {
            correlation >= (leads > 1 ? minimumCorrelation.severalLeads : minimumCorrelation.oneLead)
        }
    }

    /// Each beat's QRS-shape agreement with the normal beats, and the leads it was measured in.
    struct Agreement: Equatable {
        /// Per beat; nil for beats that are not V and where the analysed lead gives no correlation.
        var shapes: [Shape?]
        /// Indices (into the leads given) of the leads whose normal-beat template was built, the analysed lead (0)
        /// first; empty when the check has nothing to compare.
        var leads: [Int]

        static func none(count: Int) -> Agreement { Agreement(shapes: Array(repeating: nil, count: count), leads: []) }

        /// `self` followed by `next` (the agreement of the following beats), the leads merged.
        mutating func append(_ next: Agreement) {
            shapes += next.shapes
            leads = Array(Set(leads).union(next.leads)).sorted()
        }
    }

    /// The shape agreement of every beat with the normal beats of `leads` (measurement signals at `sampleRate`, the
    /// analysed lead first; `peaks[i]` is beat i's R peak in each of them). Every beat's correlation is nil when the
    /// analysed lead has fewer than ``minimumNormalBeats`` normal snippets, or when no beat is V.
    static func agreement(beats: [ClassifiedBeat], leads: [[Float]], sampleRate: Double, peaks: [Int]) -> Agreement {
        guard peaks.count == beats.count, !leads.isEmpty, beats.contains(where: { $0.aami == .ventricular }) else {
            return .none(count: beats.count)
        }
        var shapes: [Shape?] = []
        var compared: [Int] = []
        for (index, signal) in leads.enumerated() {
            guard let r = correlations(beats: beats, signal: signal, sampleRate: sampleRate, peaks: peaks) else {
                if index == 0 { return .none(count: beats.count) }
                continue
            }
            compared.append(index)
            shapes = index == 0 ? r.map { $0.map { Shape(correlation: $0, leads: 1) } } : zip(shapes, r).map { shape, r in
                guard let shape, let r else { return shape }
                return Shape(correlation: min(shape.correlation, r), leads: shape.leads + 1)
            }
        }
        return Agreement(shapes: shapes, leads: compared)
    }

    /// Pearson correlation of each V beat's QRS snippet in `signal` with the sample-wise median snippet of the normal
    /// beats (the only beats the check reads); nil for other beats and for snippets that leave the signal or are
    /// flat, and nil as a whole when fewer than ``minimumNormalBeats`` normal beats have a snippet or their template
    /// is flat.
    static func correlations(beats: [ClassifiedBeat], signal: [Float], sampleRate: Double, peaks: [Int]) -> [Double?]? {
        let snippets = PacedMorphology.snippets(signal: signal, sampleRate: sampleRate, peaks: peaks)
        let normal = beats.indices.filter { beats[$0].aami == .normal && !snippets[$0].isEmpty }.map { snippets[$0] }
        guard normal.count >= minimumNormalBeats else { return nil }
        let template = SampleWiseMedian.of(normal)
        guard let low = template.min(), let high = template.max(), high > low else { return nil }
        return zip(beats, snippets).map { beat, snippet in
            beat.aami == .ventricular && !snippet.isEmpty ? Correlation.pearson(snippet, template) : nil
        }
    }

    /// Indices of the V beats of `beats` the check reads as normal, given each beat's shape agreement
    /// (``agreement(beats:leads:sampleRate:peaks:)`` over the whole recording, or per measurement segment of a long
    /// one; the RR test runs over all beats).
    static func overruled(beats: [ClassifiedBeat], shapes: [Shape?]) -> [Int] {
        guard shapes.count == beats.count else { return [] }
        let rr = zip(beats.dropFirst(), beats).map { $0.time - $1.time }
        return beats.indices.filter { i in
            guard beats[i].aami == .ventricular, i > 0, shapes[i]?.agrees == true else { return false }
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

    /// `beats` with the overruled V labels read as `normalLabel` (the whole recording as one stretch), and the
    /// indices of the leads compared.
    static func apply(
        _ beats: [ClassifiedBeat], normalLabel: String?, leads: [[Float]], sampleRate: Double, peaks: [Int]
    ) -> (beats: [ClassifiedBeat], leads: [Int]) {
        guard let normalLabel else { return (beats, []) }
        let agreement = agreement(beats: beats, leads: leads, sampleRate: sampleRate, peaks: peaks)
        let read = relabel(beats, at: overruled(beats: beats, shapes: agreement.shapes), normalLabel: normalLabel)
        return (read, agreement.leads)
    }
}
