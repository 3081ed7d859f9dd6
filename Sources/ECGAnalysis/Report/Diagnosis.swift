/// The headline answer: the rhythm and the notable findings, in words.
public struct Diagnosis: Sendable, Encodable, Equatable {
    /// Rhythm code (see `RhythmCode`).
    public var rhythm: RhythmCode
    /// Rhythm name, e.g. "Sinus rhythm".
    public var label: String
    /// Notable findings, most important first (empty when none).
    public var findings: [String]
    /// One line: the label and the findings.
    public var summary: String
}

/// Builds the diagnosis and the `doctors_notes` text from the findings. Deterministic: the same findings give
/// the same words.
enum ReportWriter {
    static let disclaimer =
        "For research and education only; not a medical device; not a diagnosis. Have any ECG reviewed by a qualified clinician."

    static func diagnosis(rhythm: RhythmAssessment, intervals: IntervalSummary, quality: SignalQuality) -> Diagnosis {
        var findings: [String] = []
        if rhythm.code == .undetermined, rhythm.evidence.beats >= 3 {
            findings.append("rhythm not named: \(rhythm.rule)")
        }
        let named = rhythm.episodes.filter { $0.code != .pause }
        if named.count > 1 {
            var time: [RhythmCode: Double] = [:]
            for e in named { time[e.code, default: 0] += e.durationS }
            let parts = time.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue) }
                .map { "\($0.key.labelInSentence) \(format($0.value)) s" }
            findings.append("\(named.count) rhythm episodes (\(parts.joined(separator: ", ")))")
        }
        if rhythm.afBurdenPct > 0, rhythm.code != .atrialFibrillation {
            findings.append("atrial fibrillation burden \(format(rhythm.afBurdenPct)) %")
        }
        // With the ventricles paced, V labels are paced complexes: no ventricular ectopy findings (see RiskScoring).
        let ventricularEctopyScored = !rhythm.code.pacesVentricles
        let runs = rhythm.ventricularRuns
        if runs.count > 0, ventricularEctopyScored {
            findings.append("\(runs.count) run(s) of 3 or more ventricular beats (longest \(runs.longestBeats) beats)")
        }
        if let longest = rhythm.pauses.longestS {
            findings.append("\(rhythm.pauses.count) pause(s) longer than \(Int(rhythm.pauses.thresholdS)) s (longest \(longest) s)")
        }
        let e = rhythm.ectopy
        if ventricularEctopyScored {
            if e.ventricularBurdenPct >= 1 { findings.append("frequent ventricular ectopic beats (\(e.ventricularBurdenPct) %)") }
            else if e.ventricularBeats > 0 { findings.append("occasional ventricular ectopic beats (\(e.ventricularBeats))") }
            if e.bigeminyEpisodes > 0 { findings.append("ventricular bigeminy (\(e.bigeminyEpisodes) episode(s))") }
            if e.trigeminyEpisodes > 0 { findings.append("ventricular trigeminy (\(e.trigeminyEpisodes) episode(s))") }
        }
        if e.supraventricularBurdenPct >= 1 { findings.append("frequent supraventricular ectopic beats (\(e.supraventricularBurdenPct) %)") }
        else if e.supraventricularBeats > 0 { findings.append("occasional supraventricular ectopic beats (\(e.supraventricularBeats))") }
        if let qtc = intervals.qtcBazett.value, qtc >= 470 { findings.append("prolonged QTc (\(qtc) ms, Bazett)") }
        if let qtc = intervals.qtcBazett.value, qtc < 340 { findings.append("short QTc (\(qtc) ms, Bazett)") }
        if let qrs = intervals.qrs.value, qrs >= 120 { findings.append("wide QRS (\(qrs) ms)") }
        if let pr = intervals.pr.value, pr > 200 { findings.append("prolonged PR (\(pr) ms)") }
        if quality.status == .poor { findings.append("poor signal quality") }
        let summary = findings.isEmpty ? rhythm.label : rhythm.label + " with " + findings.joined(separator: "; ")
        return Diagnosis(rhythm: rhythm.code, label: rhythm.label, findings: findings, summary: summary)
    }

    /// Paragraph-per-topic notes ending with the disclaimer.
    static func doctorsNotes(
        diagnosis: Diagnosis, rhythm: RhythmAssessment, heartRate: HeartRateSummary, hrv: HRVSummary,
        intervals: IntervalSummary, beatCount: Int, quality: SignalQuality, score: RiskScore
    ) -> String {
        var lines: [String] = []
        var rhythmLine = "Rhythm: \(rhythm.label)"
        if let bpm = heartRate.meanBPM {
            rhythmLine += ", mean heart rate \(format(bpm)) bpm"
            if let low = heartRate.minBPM, let high = heartRate.maxBPM { rhythmLine += " (range \(format(low))-\(format(high)))" }
        }
        switch rhythm.pWavesPresent {
        case true?: rhythmLine += "; P waves present on the median beat"
        case false?: rhythmLine += "; no P wave on the median beat"
        case nil: rhythmLine += "; P waves not assessed"
        }
        lines.append(rhythmLine + ".")
        lines.append("Rhythm rule: \(rhythm.rule).")
        let e = rhythm.ectopy
        lines.append("Beats: \(beatCount) detected; \(e.ventricularBeats) ventricular (\(format(e.ventricularBurdenPct)) %), \(e.supraventricularBeats) supraventricular (\(format(e.supraventricularBurdenPct)) %).")
        if !diagnosis.findings.isEmpty { lines.append("Findings: " + diagnosis.findings.joined(separator: "; ") + ".") }
        func ms(_ name: String, _ m: MeasuredValue) -> String {
            m.value.map { "\(name) \(format($0)) ms" } ?? "\(name) not measurable"
        }
        lines.append("Intervals: " + [
            ms("PR", intervals.pr), ms("QRS", intervals.qrs), ms("QT", intervals.qt),
            ms("QTc Bazett", intervals.qtcBazett), ms("QTc Fridericia", intervals.qtcFridericia),
        ].joined(separator: ", ") + ".")
        // Say why an interval was withheld, so an absent value is not read as a normal one.
        let withheld = [("PR", intervals.quality.pr), ("QRS", intervals.quality.qrs), ("QT", intervals.quality.qt)]
            .filter { $0.1.status == .notMeasurable && $0.1.beatsConsidered > 0 }
            .map { "\($0.0): \($0.1.reason ?? "not measurable")" }
        var unused = withheld
        if let reason = RiskScoring.ventricularEctopyWithheld(in: rhythm.code, labelled: e.ventricularBeats) {
            unused.append("ventricular ectopy: " + reason)
        }
        if !unused.isEmpty {
            lines.append("Not used for findings or the risk score: " + unused.joined(separator: "; ") + ".")
        }
        if let sdnn = hrv.sdnn.value, let rmssd = hrv.rmssd.value, let pnn50 = hrv.pnn50.value {
            lines.append("HRV (\(hrv.nnIntervals) NN intervals): SDNN \(format(sdnn)) ms, RMSSD \(format(rmssd)) ms, pNN50 \(format(pnn50)) %.")
        } else {
            lines.append("HRV not measured: \(hrv.sdnn.reason ?? hrv.rmssd.reason ?? "too few normal beats").")
        }
        var qualityLine = "Signal quality: \(quality.status.rawValue)"
        if !quality.issues.isEmpty { qualityLine += " (" + quality.issues.joined(separator: "; ") + ")" }
        lines.append(qualityLine + ".")
        let scored = score.components.filter { $0.points > 0 }.map { "\($0.name.rawValue) +\($0.points)" }
        lines.append("Risk score \(score.value)/100 (\(score.level.rawValue))" + (scored.isEmpty ? "" : ": " + scored.joined(separator: ", ")) + ". " + score.recommendation)
        lines.append(disclaimer)
        return lines.joined(separator: "\n")
    }

    /// Numbers in notes: no trailing ".0".
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value.rounded(toPlaces: 1))
    }
}
