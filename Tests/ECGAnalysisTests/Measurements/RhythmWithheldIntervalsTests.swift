import Testing
@testable import ECGAnalysis

/// Intervals a paced rhythm, or a rhythm without conducted P waves, makes meaningless are withheld, with the rhythm
/// as the reason, and then score nothing.
@Suite struct RhythmWithheldIntervalsTests {
    /// A wide QRS, a long QT and a long PR: each would add risk points if it were reported.
    let measured: IntervalSummary = {
        let quality = IntervalQuality(status: .reliable, beatsMeasured: 60, beatsConsidered: 62, iqrMs: 8, leads: ["MLII"])
        return IntervalSummary(
            pr: .measured(240, unit: "ms", rule: "pr rule"), qrs: .measured(160, unit: "ms", rule: "qrs rule"),
            qt: .measured(480, unit: "ms", rule: "qt rule"), qtcBazett: .measured(520, unit: "ms", rule: "bazett"),
            qtcFridericia: .measured(505, unit: "ms", rule: "fridericia"),
            quality: IntervalQualityReport(pr: quality, qrs: quality, qt: quality))
    }()

    @Test func ventricularPacingWithholdsQRSAndQT() {
        let summary = measured.withheld(for: .ventricularPaced)
        for value in [summary.qrs, summary.qt, summary.qtcBazett, summary.qtcFridericia] {
            #expect(value.value == nil)
            #expect(value.reason?.contains("ventricular paced rhythm") == true, "\(value.reason ?? "")")
        }
        #expect(summary.qrs.rule == "qrs rule" && summary.qtcBazett.rule == "bazett")
        #expect(summary.quality.qrs.status == .notMeasurable && summary.quality.qt.status == .notMeasurable)
        #expect(summary.quality.qrs.beatsMeasured == 60)
        #expect(summary.pr == measured.pr && summary.quality.pr == measured.quality.pr)
    }

    @Test func atrialPacingWithholdsPROnly() {
        let summary = measured.withheld(for: .atrialPaced)
        #expect(summary.pr.value == nil && summary.quality.pr.status == .notMeasurable)
        #expect(summary.pr.reason?.contains("AV delay") == true)
        #expect(summary.qrs == measured.qrs && summary.qt == measured.qt && summary.qtcBazett == measured.qtcBazett)
    }

    @Test(arguments: [RhythmCode.dualChamberPaced, .pacedRhythm])
    func dualOrUnknownPacingWithholdsAll(code: RhythmCode) {
        let summary = measured.withheld(for: code)
        #expect([summary.pr, summary.qrs, summary.qt, summary.qtcBazett, summary.qtcFridericia].allSatisfy { $0.value == nil })
    }

    @Test(arguments: [RhythmCode.atrialFibrillation, .atrialFlutter, .completeAVBlock])
    func rhythmsWithoutConductedPWavesWithholdPROnly(code: RhythmCode) {
        let summary = measured.withheld(for: code)
        #expect(summary.pr.value == nil && summary.quality.pr.status == .notMeasurable)
        #expect(summary.pr.rule == "pr rule" && summary.quality.pr.beatsMeasured == 60)
        #expect(summary.pr.reason?.hasPrefix(code.labelInSentence + ": ") == true, "\(summary.pr.reason ?? "")")
        #expect(summary.pr.reason?.hasSuffix("so there is no PR interval") == true)
        #expect(summary.qrs == measured.qrs && summary.qt == measured.qt && summary.qtcBazett == measured.qtcBazett)
        #expect(summary.quality.qrs == measured.quality.qrs && summary.quality.qt == measured.quality.qt)
    }

    @Test(arguments: [
        RhythmCode.sinusRhythm, .sinusArrhythmia, .ventricularTachycardia, .junctionalRhythm,
        .secondDegreeAVBlockMobitzI, .undetermined,
    ])
    func otherRhythmsKeepTheIntervals(code: RhythmCode) {
        #expect(measured.withheld(for: code) == measured)
    }

    @Test func withheldIntervalsScoreNothing() {
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 70, duration: 60), labels: ["N"])
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        let heartRate = HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time))
        func points(_ intervals: IntervalSummary) -> [RiskFactor: Int] {
            let score = RiskScoring.score(rhythm: rhythm, heartRate: heartRate, intervals: intervals)
            return Dictionary(uniqueKeysWithValues: score.components.map { ($0.name, $0.points) })
        }
        let asMeasured = points(measured)
        #expect(asMeasured[.qtc, default: 0] > 0 && asMeasured[.qrs, default: 0] > 0 && asMeasured[.pr, default: 0] > 0)
        let paced = points(measured.withheld(for: .dualChamberPaced))
        #expect(paced[.qtc] == 0 && paced[.qrs] == 0 && paced[.pr] == 0)
    }
}
