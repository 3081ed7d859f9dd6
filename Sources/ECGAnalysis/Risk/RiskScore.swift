/// Risk level bands of the 0-100 score.
public enum RiskLevel: String, Sendable, Encodable {
    case low, moderate, high, critical

    /// 0-19 low, 20-44 moderate, 45-69 high, 70-100 critical.
    init(score: Int) {
        switch score {
        case ..<20: self = .low
        case ..<45: self = .moderate
        case ..<70: self = .high
        default: self = .critical
        }
    }

    /// The advice attached to the level.
    var recommendation: String {
        switch self {
        case .low: "No urgent findings. Routine follow-up as clinically indicated."
        case .moderate: "Findings worth a clinician's review at the next opportunity; repeat or longer monitoring may help."
        case .high: "Prompt review by a clinician is advised, the same day if there are symptoms."
        case .critical: "Urgent clinical assessment is advised; with chest pain, fainting or breathlessness, seek emergency care."
        }
    }
}

/// One contribution to the risk score.
public struct RiskComponent: Sendable, Encodable, Equatable {
    /// Which finding was scored.
    public var name: RiskFactor
    public var points: Int
    /// Why these points (the measured value and the band it fell in).
    public var reason: String
}

/// Rule-based risk score 0-100: the sum of the components' points, capped at 100.
public struct RiskScore: Sendable, Encodable, Equatable {
    public var value: Int
    public var level: RiskLevel
    public var components: [RiskComponent]
    public var recommendation: String
    public var rule: String
}

/// The scoring rules. Each rule yields one component (0 points when normal), so the reader sees what was checked.
enum RiskScoring {
    static let rule = "sum of component points (rhythm, rate, ectopy, runs, pauses, QTc, QRS, PR), capped at 100; levels 0-19 low, 20-44 moderate, 45-69 high, 70-100 critical"

    static func score(rhythm: RhythmAssessment, heartRate: HeartRateSummary, intervals: IntervalSummary) -> RiskScore {
        var components = [
            rhythmComponent(rhythm),
            heartRateComponent(heartRate),
            ventricularEctopyComponent(rhythm.ectopy, rhythm: rhythm.code),
            ventricularRunsComponent(rhythm.ventricularRuns, rhythm: rhythm.code),
            supraventricularComponent(rhythm.ectopy),
            pauseComponent(rhythm.pauses),
        ]
        components += intervalComponents(intervals, pWavesPresent: rhythm.pWavesPresent)
        let value = min(100, components.reduce(0) { $0 + $1.points })
        let level = RiskLevel(score: value)
        return RiskScore(value: value, level: level, components: components, recommendation: level.recommendation, rule: rule)
    }

    /// A rhythm's points. A rhythm the analysis cannot name scores nothing on its own: the measured findings (rate,
    /// ectopy, runs, pauses, intervals) carry their own points.
    static func points(_ code: RhythmCode) -> Int {
        switch code {
        case .sinusRhythm, .sinusBradycardia, .sinusTachycardia, .sinusArrhythmia, .undetermined, .pause: 0
        case .atrialPaced, .ventricularPaced, .dualChamberPaced, .pacedRhythm: 5
        case .junctionalRhythm, .ventricularBigeminy, .ventricularTrigeminy: 10
        case .supraventricularTachycardia, .atrialFlutter, .secondDegreeAVBlockMobitzI: 20
        case .atrialFibrillation: 30
        case .idioventricularRhythm: 35
        case .secondDegreeAVBlockMobitzII, .secondDegreeAVBlock2To1, .completeAVBlock: 40
        case .ventricularTachycardia: 45
        }
    }

    /// Points of a first-degree AV block under a sinus rhythm (which scores nothing itself).
    static let firstDegreeAVBlockPoints = 5

    /// A rhythm's points with the first-degree AV block it carries.
    static func points(_ code: RhythmCode, block: FirstDegreeAVBlock?) -> Int {
        max(points(code), block == nil ? 0 : firstDegreeAVBlockPoints)
    }

    /// A rhythm episode lasting at least this many seconds scores like a headline rhythm (the 30 s that ambulatory
    /// monitoring asks of a sustained atrial-fibrillation or tachycardia episode).
    static let sustainedEpisodeS = 30.0

    /// The headline rhythm's points, or, when an episode of another rhythm lasts at least ``sustainedEpisodeS`` and
    /// that rhythm scores more, that rhythm's points: a long recording named after its dominant sinus rhythm still
    /// carries its sustained block, AF or VT. Shorter episodes (one or two 10-s steps) do not score: the steps of a
    /// rhythm change are the least certain.
    static func rhythmComponent(_ r: RhythmAssessment) -> RiskComponent {
        let block = r.firstDegreeAVBlock.map { "; \($0.rule)" } ?? ""
        let headline = RiskComponent(
            name: .rhythm, points: points(r.code, block: r.firstDegreeAVBlock), reason: "\(r.label) (\(r.rule)\(block))")
        let score = { (e: RhythmEpisode) in points(e.code, block: e.firstDegreeAVBlock) }
        let sustained = r.episodes.filter { $0.durationS >= sustainedEpisodeS && score($0) > headline.points }
        guard let worst = sustained.max(by: { (score($0), $0.durationS) < (score($1), $1.durationS) }) else {
            return headline
        }
        let count = sustained.filter { $0.label == worst.label }.count
        return RiskComponent(
            name: .rhythm, points: score(worst),
            reason: "\(worst.label): \(count) episode(s) of at least \(Int(sustainedEpisodeS)) s, the longest \(worst.durationS.rounded(toPlaces: 1)) s from \(worst.startS.rounded(toPlaces: 1)) s; headline \(r.label) (\(r.rule))")
    }

    static func heartRateComponent(_ hr: HeartRateSummary) -> RiskComponent {
        guard let bpm = hr.meanBPM else {
            return RiskComponent(name: .heartRate, points: 0, reason: "heart rate not measured")
        }
        let (points, band): (Int, String) = switch bpm {
        case ..<40: (20, "below 40 bpm")
        case ..<50: (10, "40-49 bpm")
        case ..<60: (3, "50-59 bpm")
        case ...100: (0, "60-100 bpm")
        case ...120: (8, "101-120 bpm")
        case ...150: (15, "121-150 bpm")
        default: (25, "above 150 bpm")
        }
        return RiskComponent(name: .heartRate, points: points, reason: "mean \(bpm) bpm: \(band)")
    }

    /// Why ventricular ectopy is not scored in `rhythm`, or nil when it is: with the ventricles paced, the beat
    /// classifier (trained without paced beats) labels the wide paced complexes ventricular, so its V beats, runs,
    /// bigeminy and trigeminy say nothing about ectopy.
    static func ventricularEctopyWithheld(in rhythm: RhythmCode, labelled beats: Int) -> String? {
        guard rhythm.pacesVentricles else { return nil }
        return "in a \(rhythm.label.lowercased()): the beat classifier does not tell paced QRS complexes from "
            + "ventricular ectopic beats (\(beats) beats labelled ventricular)"
    }

    static func ventricularEctopyComponent(_ e: Ectopy, rhythm: RhythmCode) -> RiskComponent {
        if let reason = ventricularEctopyWithheld(in: rhythm, labelled: e.ventricularBeats) {
            return RiskComponent(name: .ventricularEctopy, points: 0, reason: "not scored " + reason)
        }
        var points = 0
        var reasons = ["ventricular burden \(e.ventricularBurdenPct) %"]
        if e.ventricularBurdenPct >= 10 { points += 15; reasons[0] += " (>= 10 %)" }
        else if e.ventricularBurdenPct >= 1 { points += 5; reasons[0] += " (1-10 %)" }
        if e.bigeminyEpisodes + e.trigeminyEpisodes > 0 {
            points += 5
            reasons.append("\(e.bigeminyEpisodes) bigeminy and \(e.trigeminyEpisodes) trigeminy episodes")
        }
        return RiskComponent(name: .ventricularEctopy, points: points, reason: reasons.joined(separator: "; "))
    }

    static func ventricularRunsComponent(_ runs: VentricularRuns, rhythm: RhythmCode) -> RiskComponent {
        if rhythm.pacesVentricles {
            return RiskComponent(
                name: .ventricularRuns, points: 0,
                reason: "not scored in a \(rhythm.label.lowercased()): runs of paced complexes read as ventricular runs "
                    + "(\(runs.count) run(s) of >= \(runs.minimumLength) beats labelled ventricular)")
        }
        guard runs.count > 0 else {
            return RiskComponent(name: .ventricularRuns, points: 0, reason: "no run of \(runs.minimumLength) or more ventricular beats")
        }
        let points = runs.longestBeats >= 8 ? 30 : 20
        let rate = runs.longestRateBPM.map { " at \($0) bpm" } ?? ""
        return RiskComponent(
            name: .ventricularRuns, points: points,
            reason: "\(runs.count) run(s) of >= \(runs.minimumLength) ventricular beats, longest \(runs.longestBeats) beats\(rate)")
    }

    static func supraventricularComponent(_ e: Ectopy) -> RiskComponent {
        let points = e.supraventricularBurdenPct >= 10 ? 8 : (e.supraventricularBurdenPct >= 1 ? 3 : 0)
        return RiskComponent(
            name: .supraventricularEctopy, points: points,
            reason: "supraventricular burden \(e.supraventricularBurdenPct) % (3 points from 1 %, 8 from 10 %)")
    }

    static func pauseComponent(_ p: Pauses) -> RiskComponent {
        guard let longest = p.longestS else {
            return RiskComponent(name: .pauses, points: 0, reason: "no RR interval above \(p.thresholdS) s")
        }
        return RiskComponent(
            name: .pauses, points: longest >= 3 ? 25 : 12,
            reason: "\(p.count) pause(s) above \(p.thresholdS) s, longest \(longest) s (25 points from 3 s)")
    }

    static func intervalComponents(_ i: IntervalSummary, pWavesPresent: Bool?) -> [RiskComponent] {
        var result: [RiskComponent] = []
        if let qtc = i.qtcBazett.value {
            let (points, band): (Int, String) = switch qtc {
            case ..<340: (10, "short (< 340 ms)")
            case ..<450: (0, "normal (340-449 ms)")
            case ..<470: (5, "borderline (450-469 ms)")
            case ..<500: (12, "prolonged (470-499 ms)")
            default: (25, "markedly prolonged (>= 500 ms)")
            }
            result.append(RiskComponent(name: .qtc, points: points, reason: "QTc (Bazett) \(qtc) ms: \(band)"))
        } else {
            result.append(RiskComponent(name: .qtc, points: 0, reason: "QTc not scored, not measurable: \(i.qtcBazett.reason ?? "")"))
        }
        if let qrs = i.qrs.value {
            let points = qrs >= 120 ? 10 : (qrs >= 110 ? 4 : 0)
            result.append(RiskComponent(name: .qrs, points: points, reason: "QRS \(qrs) ms (4 points from 110 ms, 10 from 120 ms)"))
        } else {
            result.append(RiskComponent(name: .qrs, points: 0, reason: "QRS not scored, not measurable: \(i.qrs.reason ?? "")"))
        }
        if let pr = i.pr.value, pWavesPresent == true {
            let (points, band): (Int, String) = switch pr {
            case ..<120: (4, "short (< 120 ms)")
            case ...200: (0, "normal (120-200 ms)")
            case ...300: (5, "prolonged (> 200 ms)")
            default: (10, "markedly prolonged (> 300 ms)")
            }
            result.append(RiskComponent(name: .pr, points: points, reason: "PR \(pr) ms: \(band)"))
        } else {
            result.append(RiskComponent(name: .pr, points: 0, reason: "PR not scored, not measurable: \(i.pr.reason ?? "no P wave")"))
        }
        return result
    }
}
