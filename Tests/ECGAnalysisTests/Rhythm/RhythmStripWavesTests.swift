import Testing
@testable import ECGAnalysis

/// The rhythm rules read the analysed lead's waves; other leads add a P wave only where at least two agree on it.
@Suite struct RhythmStripWavesTests {
    static let rate = 250.0

    /// A beat with a QRS at `r` and, when `p` is given, a P wave peaking there (onset/offset 40 ms either side).
    static func beat(r: Double, p: Double? = nil, amplitude: Float = 0.1) -> BeatWaves {
        BeatWaves(
            pOnset: p.map { $0 - 10 }, pPeak: p, pOffset: p.map { $0 + 10 }, qrsOnset: r - 12, qrsOffset: r + 12,
            tPeak: r + 70, tOffset: r + 100, pAmplitude: p == nil ? nil : amplitude, tAmplitude: 0.3)
    }

    static func multi(_ perLead: [[BeatWaves]]) -> MultiLeadDelineation {
        let combined = MultiLeadCombiner.combine(perLead, sampleRate: rate)
        return MultiLeadDelineation(
            leads: perLead.indices.map { "lead\($0)" }, perLead: perLead, combined: combined.waves,
            contributions: combined.contributions)
    }

    /// Two leads: the second lead's P waves (fibrillatory waves in V1) never reach the rhythm rules.
    @Test func withTwoLeadsTheAnalysedLeadDecides() {
        let strip = [Self.beat(r: 200), Self.beat(r: 400, p: 360)]
        let second = [Self.beat(r: 200, p: 150), Self.beat(r: 400, p: 362)]
        let m = Self.multi([strip, second])
        #expect(m.combined[0].pPeak != nil)
        #expect(RhythmStripWaves.waves(m, sampleRate: Self.rate) == strip)
    }

    /// Several leads: a beat without a P wave on the analysed lead takes the global one when two other leads place
    /// its peak within 30 ms of their median; one lead alone, or leads that disagree, add nothing.
    @Test func otherLeadsAddAPWaveOnlyWhenTwoAgree() {
        let strip = [Self.beat(r: 200), Self.beat(r: 400), Self.beat(r: 600), Self.beat(r: 800, p: 760)]
        let a = [Self.beat(r: 200, p: 160), Self.beat(r: 400, p: 360), Self.beat(r: 600, p: 540), Self.beat(r: 800, p: 700)]
        let b = [Self.beat(r: 200, p: 162), Self.beat(r: 400), Self.beat(r: 600, p: 575), Self.beat(r: 800, p: 761)]
        let c = [Self.beat(r: 200), Self.beat(r: 400), Self.beat(r: 600), Self.beat(r: 800)]
        let m = Self.multi([strip, a, b, c])
        let waves = RhythmStripWaves.waves(m, sampleRate: Self.rate)
        // Beat 0: leads a and b agree (2 samples apart): the global P wave.
        #expect(waves[0].pPeak == m.combined[0].pPeak && waves[0].pPeak != nil && waves[0].pAmplitude != nil)
        #expect(waves[0].qrsOnset == strip[0].qrsOnset && waves[0].tOffset == strip[0].tOffset)
        // Beat 1: one lead only. Beat 2: 35 samples (140 ms) apart, more than the 30-ms tolerance of their median.
        #expect(waves[1] == strip[1] && waves[2] == strip[2])
        // Beat 3: the analysed lead has its own P wave and keeps it.
        #expect(waves[3] == strip[3])
    }
}
