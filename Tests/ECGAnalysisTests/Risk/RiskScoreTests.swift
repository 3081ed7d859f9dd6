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
        #expect(Set(score.components.map(\.name)) == [
            "rhythm", "heart_rate", "ventricular_ectopy", "ventricular_runs", "supraventricular_ectopy", "pauses", "qtc", "qrs", "pr",
        ])
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
        #expect(score.components.first { $0.name == "qtc" }?.points == 25)
    }

    @Test(arguments: [(0, RiskLevel.low), (19, .low), (20, .moderate), (44, .moderate), (45, .high), (69, .high), (70, .critical), (100, .critical)])
    func levelBands(score: Int, level: RiskLevel) {
        #expect(RiskLevel(score: score) == level)
    }
}
