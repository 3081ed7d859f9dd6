/// Scores a delineation against a cardiologist's marks the way Laguna et al. 1997 and Martínez et al. 2004 did on
/// the QT Database: every annotated beat is matched to the detected beat whose R peak is nearest (within the beat
/// tolerance, 150 ms); for every annotated point the error is detected − annotated, in ms. A point counts as
/// detected when the delineator gives it within `pointTolerance` (150 ms) of the mark.
///
/// Two figures per point:
/// - `single`: the one output the product reports (the multi-lead combination);
/// - `bestLead`: per beat, the lead with the smaller |error| (the published protocol, an upper bound for any
///   single-lead method since it uses the reference to choose).
///
/// The same protocol scores a second cardiologist against the first (`score(reference:observer:sampleRate:)`, the
/// QT Database's `.q2c` against `.q1c`): the observer's beats take the place of the detected ones and their marks
/// that of the delineation, so the figures show how far two cardiologists disagree, the precision ceiling of the
/// reference. Both scorings share one matching loop.
public enum DelineationScoring {
    /// Errors of one fiducial point: how many marks, and the errors (ms) of the ones detected.
    public struct PointErrors: Sendable, Equatable {
        public var annotated = 0
        public var errorsMs: [Double] = []
        public var detected: Int { errorsMs.count }

        public init() {}

        public mutating func add(_ other: PointErrors) {
            annotated += other.annotated
            errorsMs += other.errorsMs
        }
    }

    /// Conduction intervals compared per beat.
    public enum Interval: String, Sendable, CaseIterable {
        case pr = "PR", qrs = "QRS", qt = "QT"

        var points: (Fiducial, Fiducial) {
            switch self {
            case .pr: (.pOnset, .qrsOnset)
            case .qrs: (.qrsOnset, .qrsOffset)
            case .qt: (.qrsOnset, .tOffset)
            }
        }
    }

    /// One record's result.
    public struct RecordScore: Sendable {
        public var annotatedBeats = 0
        public var matchedBeats = 0
        public var single: [Fiducial: PointErrors] = [:]
        public var bestLead: [Fiducial: PointErrors] = [:]
        /// Per matched beat with both intervals: (detected, annotated) in ms.
        public var intervals: [Interval: [(detected: Double, annotated: Double)]] = [:]
        /// Every annotated point of a matched beat: the mark's sample and the errors (ms; nil when not given) of the
        /// combined output and of each lead, before the tolerance is applied.
        public var points: [(mark: Int, point: Fiducial, single: Double?, leads: [Double?])] = []

        public init() {}

        public mutating func add(_ other: RecordScore) {
            annotatedBeats += other.annotatedBeats
            matchedBeats += other.matchedBeats
            for point in Fiducial.allCases {
                single[point, default: .init()].add(other.single[point] ?? .init())
                bestLead[point, default: .init()].add(other.bestLead[point] ?? .init())
            }
            for interval in Interval.allCases { intervals[interval, default: []] += other.intervals[interval] ?? [] }
        }
    }

    /// Scores `delineation` (beats at `rPeaks`) against `reference`, all positions in samples at `sampleRate`.
    public static func score(
        reference: [AnnotatedBeat], rPeaks: [Int], delineation: MultiLeadDelineation, sampleRate: Double,
        beatTolerance: Double = 0.15, pointTolerance: Double = 0.15
    ) -> RecordScore {
        score(reference: reference, beats: rPeaks, combined: delineation.combined, perLead: delineation.perLead,
              sampleRate: sampleRate, beatTolerance: beatTolerance, pointTolerance: pointTolerance)
    }

    /// Scores a second annotator's beats (`observer`) against `reference` with the delineator's protocol: every
    /// reference beat is matched to the observer beat whose QRS peak is nearest (within `beatTolerance`), a point
    /// counts as detected when the observer marks it within `pointTolerance`, and the error is observer − reference
    /// (ms). Only the kinds of point the observer marks somewhere are compared (the QT Database's second
    /// cardiologist marks no P waves). The observer's marks fill `single`, `intervals` and `points` (with no
    /// per-lead errors); `bestLead` stays empty, there being no leads. Positions in samples at `sampleRate`, in any
    /// order.
    public static func score(
        reference: [AnnotatedBeat], observer: [AnnotatedBeat], sampleRate: Double,
        beatTolerance: Double = 0.15, pointTolerance: Double = 0.15
    ) -> RecordScore {
        let observer = observer.sorted { $0.qrsPeak < $1.qrsPeak }
        return score(reference: reference.map { $0.keeping(marked(by: observer)) }, beats: observer.map(\.qrsPeak),
                     combined: observer.map(\.waves), perLead: nil, sampleRate: sampleRate,
                     beatTolerance: beatTolerance, pointTolerance: pointTolerance)
    }

    /// The reference beats an `observer` beat matches (QRS peaks within `beatTolerance`, the scoring's beat
    /// matching), in reference order, with only the kinds of point the observer marks: the beats and points both
    /// annotators marked, on which another method can be scored like for like with the observer.
    public static func sharedBeats(
        reference: [AnnotatedBeat], observer: [AnnotatedBeat], sampleRate: Double, beatTolerance: Double = 0.15
    ) -> [AnnotatedBeat] {
        let peaks = observer.map(\.qrsPeak).sorted()
        let points = marked(by: observer)
        return reference.filter { match($0, in: peaks, within: beatTolerance * sampleRate) != nil }
            .map { $0.keeping(points) }
    }

    /// The kinds of point `beats` mark at least once.
    static func marked(by beats: [AnnotatedBeat]) -> Set<Fiducial> {
        Set(Fiducial.allCases.filter { point in beats.contains { $0.waves[point] != nil } })
    }

    /// The matching loop of both scorings: each reference beat against the candidate beats at sorted `beats`, with
    /// `combined[b]` the marks scored as `single` and `perLead[l][b]` those of lead l for `bestLead` (nil: no
    /// leads, `bestLead` left empty).
    private static func score(
        reference: [AnnotatedBeat], beats: [Int], combined: [BeatWaves], perLead: [[BeatWaves]]?, sampleRate: Double,
        beatTolerance: Double, pointTolerance: Double
    ) -> RecordScore {
        var score = RecordScore()
        for point in Fiducial.allCases {
            score.single[point] = .init()
            if perLead != nil { score.bestLead[point] = .init() }
        }
        for interval in Interval.allCases { score.intervals[interval] = [] }
        let ms = 1000 / sampleRate
        let beatWindow = beatTolerance * sampleRate, pointWindow = pointTolerance * sampleRate
        for beat in reference {
            score.annotatedBeats += 1
            guard let b = match(beat, in: beats, within: beatWindow) else {
                for point in Fiducial.allCases where beat.waves[point] != nil {
                    score.single[point]!.annotated += 1
                    if perLead != nil { score.bestLead[point]!.annotated += 1 }
                }
                continue
            }
            score.matchedBeats += 1
            for point in Fiducial.allCases {
                guard let mark = beat.waves[point] else { continue }
                score.single[point]!.annotated += 1
                if let value = combined[b][point], abs(value - mark) <= pointWindow {
                    score.single[point]!.errorsMs.append((value - mark) * ms)
                }
                score.points.append((
                    Int(mark), point, combined[b][point].map { ($0 - mark) * ms },
                    (perLead ?? []).map { $0[b][point].map { ($0 - mark) * ms } }))
                guard let perLead else { continue }
                score.bestLead[point]!.annotated += 1
                let leadErrors = perLead.compactMap { lead in
                    lead[b][point].flatMap { abs($0 - mark) <= pointWindow ? $0 - mark : nil }
                }
                if let best = leadErrors.min(by: { abs($0) < abs($1) }) { score.bestLead[point]!.errorsMs.append(best * ms) }
            }
            for interval in Interval.allCases {
                let (start, end) = interval.points
                guard let a0 = beat.waves[start], let a1 = beat.waves[end],
                      let d0 = combined[b][start], let d1 = combined[b][end] else { continue }
                score.intervals[interval]!.append(((d1 - d0) * ms, (a1 - a0) * ms))
            }
        }
        return score
    }

    /// Index into sorted `beats` of the beat nearest to `beat`'s QRS peak, nil when none lies within `window`
    /// samples.
    private static func match(_ beat: AnnotatedBeat, in beats: [Int], within window: Double) -> Int? {
        guard let b = nearest(beats, to: beat.qrsPeak), abs(Double(beats[b] - beat.qrsPeak)) <= window else { return nil }
        return b
    }

    /// Index of the value of sorted `peaks` nearest to `sample`.
    static func nearest(_ peaks: [Int], to sample: Int) -> Int? {
        guard !peaks.isEmpty else { return nil }
        var low = 0, high = peaks.count - 1
        while low < high {
            let mid = (low + high) / 2
            if peaks[mid] < sample { low = mid + 1 } else { high = mid }
        }
        if low > 0, abs(peaks[low - 1] - sample) <= abs(peaks[low] - sample) { return low - 1 }
        return low
    }

    /// Mean and sample standard deviation; nil for an empty list (SD 0 for one value).
    public static func meanSD(_ values: [Double]) -> (mean: Double, sd: Double)? {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }
}

extension AnnotatedBeat {
    /// This beat with only the marks of `points` (the QRS peak kept).
    func keeping(_ points: Set<Fiducial>) -> AnnotatedBeat {
        var kept = AnnotatedBeat(qrsPeak: qrsPeak, waves: BeatWaves())
        for point in points { kept.waves[point] = waves[point] }
        return kept
    }
}
