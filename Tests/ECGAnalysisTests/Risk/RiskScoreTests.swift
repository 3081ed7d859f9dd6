import Testing
@testable import ECGAnalysis

@Suite struct RiskScoreTests {
    func intervals(qtc: Double?, qrs: Double? = 90, pr: Double? = 160) -> IntervalSummary {
        func value(_ v: Double?) -> MeasuredValue {
            v.map { .measured($0, unit: "ms", rule: "test") } ?? .unmeasured(unit: "ms", rule: "test", reason: "absent")
        }
        return IntervalSummary(pr: value(pr), qrs: value(qrs), qt: value(qtc.map { $0 * 0.9 }), qtcBazett: value(qtc), qtcFridericia: value(qtc))
    }

    @Test func normalSinusIsLowWithEveryComponentListed() {
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 72, duration: 60), labels: ["N"])
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        let score = RiskScoring.score(
            rhythm: rhythm, heartRate: HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time)), intervals: intervals(qtc: 420))
        #expect(score.value == 0 && score.level == .low)
        #expect(score.components.map(\.name) == RiskFactor.allCases)
        #expect(score.components.allSatisfy { !$0.reason.isEmpty })
    }

    @Test func atrialFibrillationWithLongQTcAndRunsIsCritical() {
        var labels = Array(repeating: "N", count: 60)
        for i in 20..<30 { labels[i] = "V" }
        let beats = SyntheticECG.beats(times: SyntheticECG.irregularTimes(range: 0.4...1.0, duration: 45), labels: labels)
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: false)
        #expect(rhythm.code == .atrialFibrillation)
        let score = RiskScoring.score(
            rhythm: rhythm, heartRate: HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time)), intervals: intervals(qtc: 510, qrs: 130))
        // AF 30 + runs ≥ 8 beats 30 + QTc ≥ 500 25 + QRS 10 + V burden ≥ 10 % 15 → capped at 100.
        #expect(score.value == 100 && score.level == .critical)
        #expect(score.components.first { $0.name == .qtc }?.points == 25)
    }

    @Test func aSustainedEpisodeScoresUnderASinusHeadline() throws {
        // A sinus headline over episodes holding 100 s of ventricular tachycardia: the episode scores.
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 72, duration: 30), labels: ["N"])
        var rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        #expect(rhythm.code == .sinusRhythm && RiskScoring.rhythmComponent(rhythm).points == 0)
        let evidence = try #require(rhythm.episodes.first).evidence
        func episode(_ code: RhythmCode, from start: Double, lasting duration: Double) -> RhythmEpisode {
            RhythmEpisode(startS: start, endS: start + duration, durationS: duration, code: code, label: code.label,
                          rule: "test", evidence: evidence)
        }
        rhythm.episodes = [
            episode(.sinusRhythm, from: 0, lasting: 300), episode(.ventricularTachycardia, from: 300, lasting: 100),
            episode(.atrialFibrillation, from: 400, lasting: 200),
        ]
        let component = RiskScoring.rhythmComponent(rhythm)
        #expect(component.points == 45)
        #expect(component.reason.hasPrefix("Ventricular tachycardia: 1 episode(s) of at least 30 s, the longest 100.0 s"))
        // Episodes shorter than 30 s do not score.
        rhythm.episodes = [episode(.sinusRhythm, from: 0, lasting: 580), episode(.ventricularTachycardia, from: 580, lasting: 20)]
        #expect(RiskScoring.rhythmComponent(rhythm).points == 0)
        // A first-degree AV block scores under its sinus headline, and as a sustained episode under a plain one.
        let block = FirstDegreeAVBlock(prMeanMs: 240, prSDMs: 8, rule: "steady PR 240 ms")
        var blocked = episode(.sinusBradycardia, from: 0, lasting: 40)
        blocked.firstDegreeAVBlock = block
        blocked.label = FirstDegreeAVBlock.label(blocked.code.label, block: block)
        rhythm.episodes = [blocked, episode(.sinusRhythm, from: 40, lasting: 560)]
        let sustained = RiskScoring.rhythmComponent(rhythm)
        #expect(sustained.points == 5)
        #expect(sustained.reason.hasPrefix("Sinus bradycardia with first-degree AV block: 1 episode(s)"), "\(sustained.reason)")
        rhythm.episodes = []
        rhythm.firstDegreeAVBlock = block
        let headline = RiskScoring.rhythmComponent(rhythm)
        #expect(headline.points == 5 && headline.reason.contains("steady PR 240 ms"))
    }

    @Test func aRhythmTheAnalysisCannotNameAddsNoPoints() {
        // P waves on half the beats of a regular rhythm, at scattered PR: undetermined.
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 72, duration: 30), labels: ["N"])
        let waves = beats.enumerated().map { i, b -> BeatWaves in
            let r = Double(b.sample), scatter = Double(i % 8) * 8
            return i % 2 == 0
                ? BeatWaves(pOnset: r - 70 - scatter, pPeak: r - 55 - scatter, pOffset: r - 40 - scatter, qrsOnset: r - 15,
                            qrsOffset: r + 17, pAmplitude: 0.1)
                : BeatWaves(qrsOnset: r - 15, qrsOffset: r + 17)
        }
        let rhythm = RhythmClassifier.classify(RhythmInput(beats: beats, waves: waves, sampleRate: 360))
        #expect(rhythm.code == .undetermined, "\(rhythm.rule)")
        #expect(RiskScoring.rhythmComponent(rhythm).points == 0)
        let score = RiskScoring.score(
            rhythm: rhythm, heartRate: HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time)), intervals: intervals(qtc: 420))
        #expect(score.value == 0)
        // The diagnosis says why the rhythm has no name.
        let diagnosis = ReportWriter.diagnosis(rhythm: rhythm, intervals: intervals(qtc: 420), quality: SignalQuality(
            status: .good, issues: [], durationS: 30, peakToPeakMv: 1.5, flatFraction: 0, clippedFraction: 0, highFrequencyRatio: nil,
            detectedBeatRateBPM: 72))
        #expect(diagnosis.findings.first?.hasPrefix("rhythm not named") == true)
    }

    @Test func ventricularEctopyIsNotScoredWhenTheVentriclesArePaced() {
        // Paced complexes are wide: the beat classifier labels them V, in runs and in bigeminy.
        var labels = Array(repeating: "N", count: 80)
        for i in stride(from: 0, to: 80, by: 2) { labels[i] = "V" }
        for i in 40..<52 { labels[i] = "V" }
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 70, duration: 70), labels: labels)
        var rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: false)
        let heartRate = HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time))
        let quality = SignalQuality(
            status: .good, issues: [], durationS: 70, peakToPeakMv: 1.5, flatFraction: 0, clippedFraction: 0,
            highFrequencyRatio: nil, detectedBeatRateBPM: 70)
        func ectopyPoints() -> Int {
            RiskScoring.score(rhythm: rhythm, heartRate: heartRate, intervals: intervals(qtc: 420)).components
                .filter { [.ventricularEctopy, .ventricularRuns].contains($0.name) }.reduce(0) { $0 + $1.points }
        }
        for code in [RhythmCode.sinusRhythm, .atrialPaced] {
            rhythm.code = code
            #expect(ectopyPoints() == 15 + 5 + 30, "\(code)")
            #expect(ReportWriter.diagnosis(rhythm: rhythm, intervals: intervals(qtc: 420), quality: quality).findings
                .contains { $0.hasPrefix("frequent ventricular ectopic beats") })
        }
        for code in [RhythmCode.ventricularPaced, .dualChamberPaced, .pacedRhythm] {
            rhythm.code = code
            rhythm.label = code.label
            #expect(ectopyPoints() == 0, "\(code)")
            let score = RiskScoring.score(rhythm: rhythm, heartRate: heartRate, intervals: intervals(qtc: 420))
            #expect(score.components.filter { [.ventricularEctopy, .ventricularRuns].contains($0.name) }.allSatisfy { $0.reason.hasPrefix("not scored in a") })
            let diagnosis = ReportWriter.diagnosis(rhythm: rhythm, intervals: intervals(qtc: 420), quality: quality)
            #expect(!diagnosis.findings.contains { $0.contains("ventricular") }, "\(diagnosis.findings)")
            let notes = ReportWriter.doctorsNotes(
                diagnosis: diagnosis, rhythm: rhythm, heartRate: heartRate, hrv: HeartRateAnalysis.hrv(beats),
                intervals: intervals(qtc: 420), beatCount: beats.count, quality: quality, score: score)
            #expect(notes.contains("Not used for findings or the risk score: ventricular ectopy: in a \(code.label.lowercased())"))
        }
    }

    @Test(arguments: [(0, RiskLevel.low), (19, .low), (20, .moderate), (44, .moderate), (45, .high), (69, .high), (70, .critical), (100, .critical)])
    func levelBands(score: Int, level: RiskLevel) {
        #expect(RiskLevel(score: score) == level)
    }
}
