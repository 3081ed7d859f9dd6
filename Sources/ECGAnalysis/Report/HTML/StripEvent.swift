/// A notable moment of the recording the HTML report shows as an ECG strip, and the stretch of signal around it.
///
/// Chosen from the typed report (``select(from:)``): the Holter episodes when the report has them, else the same
/// rules (``HolterAnalysis`` runs of ≥ 3 ectopic beats, RR pauses over 2 s) over the listed beats, and the rhythm
/// episodes for atrial fibrillation.
struct StripEvent: Equatable {
    var kind: StripEventKind
    var title: String
    var caption: String
    /// Seconds from the recording's start to draw, within the recording.
    var window: ClosedRange<Double>
    /// The event itself, shaded on the strip.
    var highlight: ClosedRange<Double>?

    /// Seconds a strip covers at least, and at most (a longer pause is centred and cut).
    static let stripSeconds = 8.0
    static let maximumSeconds = 20.0

    /// A window of at least ``stripSeconds`` that holds `event` (plus 1.5 s each side when it fits in
    /// ``maximumSeconds``), clipped to `0…duration`.
    static func window(around event: ClosedRange<Double>, durationS: Double) -> ClosedRange<Double> {
        let length = min(maximumSeconds, max(stripSeconds, event.upperBound - event.lowerBound + 3))
        let centre = (event.lowerBound + event.upperBound) / 2
        var start = centre - length / 2
        start = max(0, min(start, durationS - length))
        return start...min(durationS, start + length)
    }

    /// The events of `report` in the order the report shows them: longest pause, fastest run, first AF onset,
    /// representative normal rhythm; those the recording does not have are left out.
    static func select(from report: AnalysisReport) -> [StripEvent] {
        let duration = report.signal.durationS
        let times = report.beats.map(\.timeS)
        let classes = report.beats.map { AAMIClass(modelLabel: $0.label) }
        var events: [StripEvent] = []
        let pauses = report.holter?.episodes.pauses ?? HolterAnalysis.pauses(times: times, count: times.count)
        if let pause = pauses.max(by: { ($0.durationS, -$0.onsetS) < ($1.durationS, -$1.onsetS) }) {
            let span = pause.onsetS...pause.offsetS
            events.append(StripEvent(
                kind: .longestPause, title: "Longest pause",
                caption: "\(HTMLText.number(pause.durationS)) s without a beat from \(HTMLText.clock(pause.onsetS, tenths: true)) to \(HTMLText.clock(pause.offsetS, tenths: true))",
                window: window(around: span, durationS: duration), highlight: span))
        }
        let runs = report.holter.map { $0.episodes.fastestRun.map { [$0] } ?? [] }
            ?? HolterAnalysis.runs(times: times, classes: classes, count: times.count)
        if let run = runs.max(by: { ($0.rateBPM, -$0.onsetS) < ($1.rateBPM, -$1.onsetS) }) {
            let span = run.onsetS...run.offsetS
            events.append(StripEvent(
                kind: .fastestRun, title: "Fastest run",
                caption: "\(run.beats) \(run.kind) beats at \(HTMLText.number(run.rateBPM, places: 1)) bpm from \(HTMLText.clock(run.onsetS, tenths: true)) (\(HTMLText.number(run.durationS)) s)",
                window: window(around: span, durationS: duration), highlight: span))
        }
        let afOnset = report.holter?.episodes.atrialFibrillation.first.map { ($0.onsetS, $0.durationS) }
            ?? report.rhythm.episodes.first { $0.code == .atrialFibrillation }.map { ($0.startS, $0.durationS) }
        if let (onset, length) = afOnset {
            let start = max(0, min(onset - 3, duration - stripSeconds))
            events.append(StripEvent(
                kind: .firstAFOnset, title: "First atrial-fibrillation onset",
                caption: "atrial fibrillation from \(HTMLText.clock(onset, tenths: true)) for \(HTMLText.number(length, places: 1)) s",
                window: start...min(duration, start + stripSeconds), highlight: onset...min(duration, onset + length)))
        }
        if let normal = representativeNormal(times: times, classes: classes, durationS: duration) {
            events.append(normal)
        }
        return events
    }

    /// The ``stripSeconds`` window (starting at every 4th beat, at least 4 beats) with the most normal beats and,
    /// among those, the least varying RR intervals (coefficient of variation). Titled "Representative normal rhythm"
    /// when all its beats are normal, else "Representative stretch" with the share that is.
    static func representativeNormal(times: [Double], classes: [AAMIClass], durationS: Double) -> StripEvent? {
        guard durationS >= 2 else { return nil }
        let length = min(stripSeconds, durationS)
        var best: (abnormal: Int, score: Double, start: Double, beats: Int, rate: Double)?
        var i = 0
        while i < times.count {
            let start = max(0, min(times[i] - 1, durationS - length))
            // Every beat in start ..< start + length (near the end the window starts before beat i).
            var first = i
            while first > 0, times[first - 1] >= start { first -= 1 }
            var j = first
            var abnormal = 0
            while j < times.count, times[j] < start + length {
                if classes[j] != .normal { abnormal += 1 }
                j += 1
            }
            if j - first >= 4 {
                let rr = (first + 1..<j).map { times[$0] - times[$0 - 1] }
                let mean = rr.reduce(0, +) / Double(rr.count)
                let sd = (rr.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rr.count)).squareRoot()
                let score = sd / mean
                if best.map({ (abnormal, score) < ($0.abnormal, $0.score) }) ?? true {
                    best = (abnormal, score, start, j - first, 60 / mean)
                }
            }
            if best?.abnormal == 0, best!.score < 0.02 { break }  // regular and all normal: good enough
            i += 4
        }
        guard let best, best.abnormal * 2 <= best.beats else { return nil }
        let normal = best.beats - best.abnormal
        return StripEvent(
            kind: .representativeNormal,
            title: best.abnormal == 0 ? "Representative normal rhythm" : "Representative stretch",
            caption: best.abnormal == 0
                ? "\(best.beats) normal beats at \(HTMLText.number(best.rate, places: 0)) bpm from \(HTMLText.clock(best.start))"
                : "\(normal) of \(best.beats) beats normal (no stretch of only normal beats), \(HTMLText.number(best.rate, places: 0)) bpm from \(HTMLText.clock(best.start))",
            window: best.start...min(durationS, best.start + length), highlight: nil)
    }
}
