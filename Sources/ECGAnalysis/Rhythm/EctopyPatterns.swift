/// Ectopic beat burden and patterns.
public struct Ectopy: Sendable, Encodable, Equatable {
    public var ventricularBeats: Int
    /// Ventricular (PVC) beats as a share of all beats, percent.
    public var ventricularBurdenPct: Double
    /// Beats the model called S outside atrial fibrillation and flutter.
    public var supraventricularBeats: Int
    /// Supraventricular (PAC) beats as a share of all beats, percent.
    public var supraventricularBurdenPct: Double
    /// Beats the model called S inside atrial fibrillation or flutter, not counted above: without organised atrial
    /// activity there is no premature atrial beat, and the irregular RR intervals make conducted beats look premature.
    public var supraventricularInAtrialFibrillation: Int
    /// Episodes of ventricular bigeminy (≥ 3 consecutive normal-V cycles) and the beats they span.
    public var bigeminyEpisodes: Int
    public var bigeminyBeats: Int
    /// Episodes of ventricular trigeminy (≥ 3 consecutive normal-normal-V cycles) and the beats they span.
    public var trigeminyEpisodes: Int
    public var trigeminyBeats: Int
    public var rule: String
}

/// Runs of consecutive ventricular beats.
public struct VentricularRuns: Sendable, Encodable, Equatable {
    /// Runs of at least `minimumLength` consecutive V beats.
    public var count: Int
    /// Beats in the longest run (0 when none).
    public var longestBeats: Int
    /// Rate inside the longest run, beats per minute; nil when there is no run.
    @ExplicitNull public var longestRateBPM: Double? = nil
    /// Start time of each run, seconds.
    public var startTimesS: [Double]
    public var minimumLength: Int
}

/// RR intervals longer than `thresholdS`.
public struct Pauses: Sendable, Encodable, Equatable {
    public var count: Int
    /// Longest RR interval over the threshold, seconds; nil when none.
    @ExplicitNull public var longestS: Double? = nil
    /// Time of the beat ending each pause, seconds.
    public var timesS: [Double]
    public var thresholdS: Double
}

/// Pattern rules over the beat label sequence.
enum EctopyPatterns {
    static let minimumRun = 3
    static let minimumCycles = 3
    static let pauseThreshold = 2.0

    /// `inAtrialFibrillation[i]`: beat i lies in atrial fibrillation or flutter (beats beyond the array: not).
    static func ectopy(_ beats: [ClassifiedBeat], inAtrialFibrillation: [Bool] = []) -> Ectopy {
        let total = max(1, beats.count)
        let v = beats.filter { $0.aami == .ventricular }.count
        let inAF = zip(beats, inAtrialFibrillation).filter { $0.aami == .supraventricular && $1 }.count
        let s = beats.filter { $0.aami == .supraventricular }.count - inAF
        let isV = beats.map { $0.aami == .ventricular }
        let bigeminy = cycles(isV, period: 2)
        let trigeminy = cycles(isV, period: 3)
        return Ectopy(
            ventricularBeats: v, ventricularBurdenPct: (Double(v) * 100 / Double(total)).rounded(toPlaces: 2),
            supraventricularBeats: s, supraventricularBurdenPct: (Double(s) * 100 / Double(total)).rounded(toPlaces: 2),
            supraventricularInAtrialFibrillation: inAF, bigeminyEpisodes: bigeminy.episodes, bigeminyBeats: bigeminy.beats,
            trigeminyEpisodes: trigeminy.episodes, trigeminyBeats: trigeminy.beats,
            rule: "burden = beats of the class / all beats; S beats inside atrial fibrillation or flutter are not supraventricular ectopy; bigeminy = at least \(minimumCycles) consecutive (non-V, V) cycles; trigeminy = at least \(minimumCycles) consecutive (non-V, non-V, V) cycles")
    }

    /// Episodes of ≥ `minimumCycles` back-to-back cycles of `period - 1` non-V beats followed by one V beat.
    static func cycles(_ isV: [Bool], period: Int) -> (episodes: Int, beats: Int) {
        var episodes = 0
        var beats = 0
        var i = 0
        while i + period <= isV.count {
            var cycleCount = 0
            var j = i
            while j + period <= isV.count, isCycle(isV, at: j, period: period) {
                cycleCount += 1
                j += period
            }
            if cycleCount >= minimumCycles {
                episodes += 1
                beats += cycleCount * period
                i = j
            } else {
                i += 1
            }
        }
        return (episodes, beats)
    }

    private static func isCycle(_ isV: [Bool], at start: Int, period: Int) -> Bool {
        for k in 0..<(period - 1) where isV[start + k] { return false }
        return isV[start + period - 1]
    }

    static func ventricularRuns(_ beats: [ClassifiedBeat]) -> VentricularRuns {
        var runs: [(start: Int, length: Int)] = []
        var i = 0
        while i < beats.count {
            guard beats[i].aami == .ventricular else { i += 1; continue }
            var j = i
            while j < beats.count, beats[j].aami == .ventricular { j += 1 }
            if j - i >= minimumRun { runs.append((i, j - i)) }
            i = j
        }
        let longest = runs.max { $0.length < $1.length }
        var rate: Double?
        if let longest {
            let span = beats[longest.start + longest.length - 1].time - beats[longest.start].time
            if span > 0 { rate = (Double(longest.length - 1) * 60 / span).rounded(toPlaces: 1) }
        }
        return VentricularRuns(
            count: runs.count, longestBeats: longest?.length ?? 0, longestRateBPM: rate,
            startTimesS: runs.map { beats[$0.start].time.rounded(toPlaces: 3) }, minimumLength: minimumRun)
    }

    static func pauses(_ beats: [ClassifiedBeat]) -> Pauses {
        var times: [Double] = []
        var longest: Double?
        for i in beats.indices.dropFirst() {
            let rr = beats[i].time - beats[i - 1].time
            guard rr > pauseThreshold else { continue }
            times.append(beats[i].time.rounded(toPlaces: 3))
            longest = max(longest ?? 0, rr.rounded(toPlaces: 3))
        }
        return Pauses(count: times.count, longestS: longest, timesS: times, thresholdS: pauseThreshold)
    }
}
