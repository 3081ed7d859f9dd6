/// Scores a delineation against a cardiologist's marks the way Laguna et al. 1997 and Martínez et al. 2004 did on
/// the QT Database: every annotated beat is matched to the detected beat whose R peak is nearest (within the beat
/// tolerance, 150 ms); for every annotated point the error is detected − annotated, in ms. A point counts as
/// detected when the delineator gives it within `pointTolerance` (150 ms) of the mark.
///
/// Two figures per point:
/// - `single`: the one output the product reports (the multi-lead combination);
/// - `bestLead`: per beat, the lead with the smaller |error| (the published protocol, an upper bound for any
///   single-lead method since it uses the reference to choose).
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
        var score = RecordScore()
        for point in Fiducial.allCases {
            score.single[point] = .init()
            score.bestLead[point] = .init()
        }
        for interval in Interval.allCases { score.intervals[interval] = [] }
        let ms = 1000 / sampleRate
        let beatWindow = beatTolerance * sampleRate, pointWindow = pointTolerance * sampleRate
        for beat in reference {
            score.annotatedBeats += 1
            guard let b = nearest(rPeaks, to: beat.qrsPeak), abs(Double(rPeaks[b] - beat.qrsPeak)) <= beatWindow else {
                for point in Fiducial.allCases where beat.waves[point] != nil { score.single[point]!.annotated += 1; score.bestLead[point]!.annotated += 1 }
                continue
            }
            score.matchedBeats += 1
            for point in Fiducial.allCases {
                guard let mark = beat.waves[point] else { continue }
                score.single[point]!.annotated += 1
                score.bestLead[point]!.annotated += 1
                if let value = delineation.combined[b][point], abs(value - mark) <= pointWindow {
                    score.single[point]!.errorsMs.append((value - mark) * ms)
                }
                score.points.append((
                    Int(mark), point, delineation.combined[b][point].map { ($0 - mark) * ms },
                    delineation.perLead.map { $0[b][point].map { ($0 - mark) * ms } }))
                let leadErrors = delineation.perLead.compactMap { lead in
                    lead[b][point].flatMap { abs($0 - mark) <= pointWindow ? $0 - mark : nil }
                }
                if let best = leadErrors.min(by: { abs($0) < abs($1) }) { score.bestLead[point]!.errorsMs.append(best * ms) }
            }
            for interval in Interval.allCases {
                let (start, end) = interval.points
                guard let a0 = beat.waves[start], let a1 = beat.waves[end],
                      let d0 = delineation.combined[b][start], let d1 = delineation.combined[b][end] else { continue }
                score.intervals[interval]!.append(((d1 - d0) * ms, (a1 - a0) * ms))
            }
        }
        return score
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
