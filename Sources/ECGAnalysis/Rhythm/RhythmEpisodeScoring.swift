/// Scoring of segment-level rhythm calls against MIT-BIH rhythm annotations (aux notes "(N", "(AFIB", …).
public enum RhythmEpisodeScoring {
    /// Rhythm categories compared between reference and detector.
    public enum Category: String, Sendable, CaseIterable, Comparable {
        case sinus, atrialFibrillation = "afib", atrialFlutter = "aflutter", bigeminy, trigeminy
        case ventricularTachycardia = "vt", paced, supraventricularTachycardia = "svt", junctional, idioventricular
        case avBlock = "av_block", other, undetermined, unanalysable

        public static func < (a: Category, b: Category) -> Bool {
            (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
        }

        /// The category of an MIT-BIH rhythm aux note.
        public init(referenceNote note: String) {
            switch note.trimmingCharacters(in: .whitespacesAndNewlines.union(["\0"])) {
            case "(N", "(SBR": self = .sinus
            case "(AFIB": self = .atrialFibrillation
            case "(AFL": self = .atrialFlutter
            case "(B": self = .bigeminy
            case "(T": self = .trigeminy
            case "(VT": self = .ventricularTachycardia
            case "(P": self = .paced
            case "(SVTA": self = .supraventricularTachycardia
            case "(NOD": self = .junctional
            case "(IVR": self = .idioventricular
            case "(BII": self = .avBlock
            default: self = .other
            }
        }

        /// The category of a detector result.
        public init(rhythm: RhythmAssessment) {
            self.init(code: rhythm.code)
        }

        /// The category of a rhythm name.
        public init(code: RhythmCode) {
            switch code {
            case .sinusRhythm, .sinusBradycardia, .sinusTachycardia, .sinusArrhythmia: self = .sinus
            case .atrialFibrillation: self = .atrialFibrillation
            case .atrialFlutter: self = .atrialFlutter
            case .ventricularBigeminy: self = .bigeminy
            case .ventricularTrigeminy: self = .trigeminy
            case .ventricularTachycardia: self = .ventricularTachycardia
            case .atrialPaced, .ventricularPaced, .dualChamberPaced, .pacedRhythm: self = .paced
            case .supraventricularTachycardia: self = .supraventricularTachycardia
            case .junctionalRhythm: self = .junctional
            case .idioventricularRhythm: self = .idioventricular
            case .secondDegreeAVBlockMobitzI, .secondDegreeAVBlockMobitzII, .secondDegreeAVBlock2To1, .completeAVBlock:
                self = .avBlock
            case .undetermined, .pause: self = .undetermined
            }
        }
    }

    /// A stretch of one rhythm, in samples [start, end).
    public struct Episode: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var category: Category

        public init(start: Int, end: Int, category: Category) {
            self.start = start
            self.end = end
            self.category = category
        }
    }

    /// Reference episodes from rhythm-change annotations `(sample, aux note)` up to `length` samples.
    /// Before the first rhythm annotation the rhythm is unknown (`.other`).
    public static func referenceEpisodes(changes: [(sample: Int, note: String)], length: Int) -> [Episode] {
        var episodes: [Episode] = []
        var current = Episode(start: 0, end: length, category: .other)
        for change in changes.sorted(by: { $0.sample < $1.sample }) where change.note.hasPrefix("(") {
            let sample = min(max(0, change.sample), length)
            if sample > current.start { current.end = sample; episodes.append(current) }
            current = Episode(start: sample, end: length, category: Category(referenceNote: change.note))
        }
        if current.end > current.start { episodes.append(current) }
        return merged(episodes)
    }

    /// The category covering most of [start, end).
    public static func majority(of episodes: [Episode], start: Int, end: Int) -> Category {
        var cover: [Category: Int] = [:]
        for e in episodes {
            let overlap = min(end, e.end) - max(start, e.start)
            if overlap > 0 { cover[e.category, default: 0] += overlap }
        }
        return cover.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? .other
    }

    /// Adjacent episodes of one category joined.
    public static func merged(_ episodes: [Episode]) -> [Episode] {
        var result: [Episode] = []
        for e in episodes {
            if let last = result.last, last.category == e.category, last.end >= e.start {
                result[result.count - 1].end = max(last.end, e.end)
            } else {
                result.append(e)
            }
        }
        return result
    }

    /// How the reference time of one record divides among the detected rhythms, in samples:
    /// `table[reference][detected]`. Reference time that no detected episode covers counts as `.undetermined`.
    public static func durationConfusion(reference: [Episode], detected: [Episode]) -> [Category: [Category: Int]] {
        var table: [Category: [Category: Int]] = [:]
        for r in reference where r.end > r.start {
            var covered = 0
            for d in detected {
                let overlap = min(r.end, d.end) - max(r.start, d.start)
                guard overlap > 0 else { continue }
                table[r.category, default: [:]][d.category, default: 0] += overlap
                covered += overlap
            }
            let uncovered = r.end - r.start - covered
            if uncovered > 0 { table[r.category, default: [:]][.undetermined, default: 0] += uncovered }
        }
        return table
    }

    /// Episode and duration agreement for one category.
    public struct Agreement: Sendable, Equatable {
        /// Reference episodes overlapped by a detected episode / all reference episodes.
        public var referenceEpisodes = 0, referenceDetected = 0
        /// Detected episodes overlapping a reference episode / all detected episodes.
        public var detectedEpisodes = 0, detectedTrue = 0
        /// Samples: reference, detected and both.
        public var referenceDuration = 0, detectedDuration = 0, overlapDuration = 0

        public init() {}

        public var episodeSensitivity: Double? { ratio(referenceDetected, referenceEpisodes) }
        public var episodePositivePredictivity: Double? { ratio(detectedTrue, detectedEpisodes) }
        public var durationSensitivity: Double? { ratio(overlapDuration, referenceDuration) }
        public var durationPositivePredictivity: Double? { ratio(overlapDuration, detectedDuration) }

        private func ratio(_ a: Int, _ b: Int) -> Double? { b > 0 ? Double(a) / Double(b) : nil }

        public static func + (a: Agreement, b: Agreement) -> Agreement {
            var sum = a
            sum.referenceEpisodes += b.referenceEpisodes
            sum.referenceDetected += b.referenceDetected
            sum.detectedEpisodes += b.detectedEpisodes
            sum.detectedTrue += b.detectedTrue
            sum.referenceDuration += b.referenceDuration
            sum.detectedDuration += b.detectedDuration
            sum.overlapDuration += b.overlapDuration
            return sum
        }
    }

    /// Compares the `category` episodes of `reference` and `detected` (one record).
    public static func agreement(reference: [Episode], detected: [Episode], category: Category) -> Agreement {
        let ref = merged(reference.filter { $0.category == category })
        let det = merged(detected.filter { $0.category == category })
        func overlap(_ a: Episode, _ b: Episode) -> Int { max(0, min(a.end, b.end) - max(a.start, b.start)) }
        var result = Agreement()
        result.referenceEpisodes = ref.count
        result.detectedEpisodes = det.count
        result.referenceDetected = ref.filter { r in det.contains { overlap(r, $0) > 0 } }.count
        result.detectedTrue = det.filter { d in ref.contains { overlap(d, $0) > 0 } }.count
        result.referenceDuration = ref.reduce(0) { $0 + $1.end - $1.start }
        result.detectedDuration = det.reduce(0) { $0 + $1.end - $1.start }
        result.overlapDuration = ref.reduce(0) { sum, r in sum + det.reduce(0) { $0 + overlap(r, $1) } }
        return result
    }
}
