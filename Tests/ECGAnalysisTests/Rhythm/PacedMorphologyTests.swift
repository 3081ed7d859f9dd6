import Foundation
import Testing
@testable import ECGAnalysis

/// The paced-morphology measures and the rule that names ventricular pacing without visible stimuli.
@Suite struct PacedMorphologyTests {
    /// A wide biphasic QRS snippet of 73 samples (200 ms at 360 Hz) plus noise of amplitude `noise`.
    static func shape(noise: Float, random: inout SyntheticECG.Random) -> [Float] {
        (0..<73).map { k in
            let t = Float(k - 29) / 12
            return t * exp(-t * t / 2) + noise * Float(random.next() * 2 - 1)
        }
    }

    /// Beats at `times` labelled normal, every one with the same QRS shape (or a random one), P waves and PR from the
    /// closures, no stimuli.
    static func beats(
        _ times: [Double], constantShape: Bool = true, pWave: @escaping (Int) -> Bool = { _ in false },
        pr: @escaping (Int) -> Double = { _ in 160 }
    ) -> [BeatFeatures] {
        var random = SyntheticECG.Random(state: 11)
        var f = RhythmRuleTests.features(times, pWave: { pWave($0) }, pr: { pr($0) }, qrs: 150)
        for i in f.indices {
            f[i].shape = constantShape
                ? shape(noise: 0.02, random: &random) : (0..<73).map { _ in Float(random.next() * 2 - 1) }
        }
        return f
    }

    static func decide(_ f: [BeatFeatures], median: Bool?, amplitude: Double? = nil) -> (RhythmCode, String) {
        RhythmClassifier.decide(RhythmEvidence(
            features: f, range: f.indices, stimuliLooked: false, pWaveOnMedianBeat: median, medianPAmplitude: amplitude))
    }

    @Test func measuresWidthShapeRateAndAtrialRelation() {
        var random = SyntheticECG.Random(state: 5)
        let scattered = (0..<36).map { _ in 80 + 300 * random.next() }
        let f = Self.beats(RhythmRuleTests.regular(70), pWave: { $0 % 2 == 0 }, pr: { scattered[$0 % 36] })
        let m = PacedMorphology(features: f)
        #expect(m.wideQRSFraction == 1)
        #expect((m.consistency ?? 0) > 0.99)
        #expect(m.fixedRateFraction == 1)
        #expect(abs((m.rrMedianMs ?? 0) - 857.1) < 1)
        #expect(abs((m.pWaveRatio ?? 0) - 0.5) < 0.05)
        #expect((m.prSDMs ?? 0) > 60)
        // Random shapes do not correlate with their median; an irregular rhythm has few RR near its median.
        #expect((PacedMorphology(features: Self.beats(RhythmRuleTests.regular(70), constantShape: false)).consistency ?? 1) < 0.5)
        let irregular = SyntheticECG.irregularTimes(range: 0.5...1.2, duration: 30)
        #expect(PacedMorphology(features: Self.beats(irregular)).fixedRateFraction < 0.3)
        // Without snippets or delineation the measures are absent, not zero.
        let bare = PacedMorphology(features: RhythmRuleTests.features(RhythmRuleTests.regular(70)).map {
            var b = $0
            b.qrsMs = nil
            b.pWave = nil
            b.prMs = nil
            return b
        })
        #expect(bare.consistency == nil && bare.wideQRSFraction == nil && bare.pWaveRatio == nil && bare.prSDMs == nil)
    }

    @Test func constantShapeAtAFixedRateWithoutSinusPIsVentricularPacing() {
        let times = RhythmRuleTests.regular(70)
        let (code, rule) = Self.decide(Self.beats(times), median: false)
        #expect(code == .ventricularPaced, "\(rule)")
        #expect(rule.contains("paced morphology") && rule.contains("atrial activity absent"))
        // P waves on every beat at scattered PR (dissociated) behind an inverted median-beat P wave: still paced.
        var random = SyntheticECG.Random(state: 7)
        let scattered = (0..<times.count).map { _ in 60 + 320 * random.next() }
        let (dissociated, ruleD) = Self.decide(Self.beats(times, pWave: { _ in true }, pr: { scattered[$0] }), median: true, amplitude: -0.08)
        #expect(dissociated == .ventricularPaced && ruleD.contains("dissociated"), "\(ruleD)")
    }

    @Test func notPacingWhenAnyPartIsMissing() {
        let times = RhythmRuleTests.regular(70)
        // An upright median-beat P wave is sinus activity.
        #expect(Self.decide(Self.beats(times, pWave: { _ in true }), median: true, amplitude: 0.15).0 != .ventricularPaced)
        // P waves on every beat at a steady PR are conducted, whatever the median beat shows.
        #expect(Self.decide(Self.beats(times, pWave: { _ in true }), median: true, amplitude: -0.08).0 != .ventricularPaced)
        // Shapes that change from beat to beat.
        #expect(Self.decide(Self.beats(times, constantShape: false), median: false).0 != .ventricularPaced)
        // An irregular rhythm.
        let irregular = SyntheticECG.irregularTimes(range: 0.5...1.2, duration: 30)
        #expect(Self.decide(Self.beats(irregular), median: false).0 != .ventricularPaced)
        // Too slow or too fast for a pacemaker.
        #expect(Self.decide(Self.beats(RhythmRuleTests.regular(40)), median: false).0 != .ventricularPaced)
        #expect(Self.decide(Self.beats(RhythmRuleTests.regular(150)), median: false).0 != .ventricularPaced)
        // No snippets at all (beats only): the rule stays silent.
        #expect(Self.decide(RhythmRuleTests.features(times, pWave: { _ in false }, qrs: 150), median: false).0 == .undetermined)
    }
}
