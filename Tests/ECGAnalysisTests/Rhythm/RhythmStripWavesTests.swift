import Testing
@testable import ECGAnalysis

/// The rhythm rules read the analysed lead's waves; another lead adds a P wave only where it keeps a steady place
/// before its QRS.
@Suite struct RhythmStripWavesTests {
    static let rate = 250.0

    /// A beat with its QRS onset at `onset` and, when `p` is given, a P wave peaking `p` samples before it.
    static func beat(onset: Double, p: Double? = nil) -> BeatWaves {
        BeatWaves(
            pOnset: p.map { onset - $0 - 10 }, pPeak: p.map { onset - $0 }, pOffset: p.map { onset - $0 + 10 },
            qrsOnset: onset, qrsOffset: onset + 24, tPeak: onset + 80, tOffset: onset + 110,
            pAmplitude: p == nil ? nil : 0.1, tAmplitude: 0.3)
    }

    static func multi(_ perLead: [[BeatWaves]]) -> MultiLeadDelineation {
        let combined = MultiLeadCombiner.combine(perLead, sampleRate: rate)
        return MultiLeadDelineation(
            leads: perLead.indices.map { "lead\($0)" }, perLead: perLead, combined: combined.waves,
            contributions: combined.contributions)
    }

    /// Twelve beats; the analysed lead shows no P wave except on beat 11. The second lead's P peak sits 40 samples
    /// (160 ms) before its QRS onset, except on beat 5 (60 samples, 80 ms off its neighbours: a wave in the wrong
    /// place) and beat 8 (42 samples: within 10 ms).
    @Test func aSteadyPWaveOfAnotherLeadCounts() {
        let onsets = (0..<12).map { 200.0 + 200 * Double($0) }
        let strip = onsets.indices.map { Self.beat(onset: onsets[$0], p: $0 == 11 ? 30 : nil) }
        let second = onsets.indices.map { Self.beat(onset: onsets[$0], p: $0 == 5 ? 60 : $0 == 8 ? 42 : 40) }
        let m = Self.multi([strip, second])
        let read = RhythmStripWaves.strip(m, sampleRate: Self.rate)
        let waves = read.waves
        #expect(read.pWaveFromOtherLead.indices.filter { read.pWaveFromOtherLead[$0] } == [0, 1, 2, 3, 4, 6, 7, 8, 9, 10])
        for b in [0, 1, 4, 6, 8, 10] {
            #expect(waves[b].pPeak == second[b].pPeak && waves[b].pOnset == second[b].pOnset, "beat \(b)")
            #expect(waves[b].qrsOnset == strip[b].qrsOnset && waves[b].tOffset == strip[b].tOffset)
        }
        #expect(waves[5] == strip[5])
        // The analysed lead's own P wave stays.
        #expect(waves[11] == strip[11])
        // One lead: the strip as it is.
        let alone = RhythmStripWaves.strip(Self.multi([strip]), sampleRate: Self.rate)
        #expect(alone.waves == strip && alone.pWaveFromOtherLead == strip.map { _ in false })
        // The rhythm evidence says how many of its P waves another lead gave: 10 of the 11 beats with one.
        let beats = onsets.map { ClassifiedBeat(sample: Int($0), time: $0 / Self.rate, label: "N", probability: 0.9) }
        let features = BeatFeatures.make(
            beats: beats, waves: waves, waveRate: Self.rate, stimuli: [], pWaveFromOtherLead: read.pWaveFromOtherLead)
        let evidence = RhythmEvidence(features: features, range: features.indices, stimuliLooked: false)
        #expect(evidence.pWaveRatio == 0.917 && evidence.pWaveOtherLeadRatio == 0.909)
        let own = RhythmEvidence(
            features: BeatFeatures.make(beats: beats, waves: strip, waveRate: Self.rate, stimuli: []),
            range: features.indices, stimuliLooked: false)
        #expect(own.pWaveOtherLeadRatio == 0)
    }

    /// Faint P waves (found only against the P window without the QRS's reach) are not atrial activity the rules
    /// count: dropped on the analysed lead, and not taken from another lead however steady.
    @Test func faintPWavesAreNotRead() {
        let onsets = (0..<12).map { 200.0 + 200 * Double($0) }
        func faint(_ b: BeatWaves) -> BeatWaves { var f = b; f.pFaint = true; return f }
        // Clear P waves on beats 0-5 except 3, whose P wave is faint; none from beat 6 on. The second lead's are faint.
        let strip = onsets.indices.map { b in
            b == 3 ? faint(Self.beat(onset: onsets[b], p: 40)) : Self.beat(onset: onsets[b], p: b < 6 ? 40 : nil)
        }
        let second = onsets.map { faint(Self.beat(onset: $0, p: 40)) }
        let read = RhythmStripWaves.strip(Self.multi([strip, second]), sampleRate: Self.rate)
        #expect(read.waves.indices.filter { read.waves[$0].pPeak != nil } == [0, 1, 2, 4, 5])
        #expect(read.waves.allSatisfy { !$0.pFaint } && read.pWaveFromOtherLead.allSatisfy { !$0 })
        #expect(read.waves[3].qrsOnset == strip[3].qrsOnset && read.waves[3].tOffset == strip[3].tOffset)
        let alone = RhythmStripWaves.strip(Self.multi([strip]), sampleRate: Self.rate)
        #expect(alone.waves.indices.filter { alone.waves[$0].pPeak != nil } == [0, 1, 2, 4, 5])
    }

    /// Fibrillatory waves: the second lead's "P waves" fall anywhere before the QRS, so none counts.
    @Test func scatteredWavesOfAnotherLeadDoNotCount() {
        let onsets = (0..<16).map { 200.0 + 180 * Double($0) }
        let scatter: [Double] = [12, 45, 28, 60, 18, 50, 35, 70, 22, 55, 40, 15, 65, 30, 48, 20]
        let strip = onsets.map { Self.beat(onset: $0) }
        let second = onsets.indices.map { Self.beat(onset: onsets[$0], p: scatter[$0]) }
        let m = Self.multi([strip, second])
        #expect(m.combined.allSatisfy { $0.pPeak != nil })
        let waves = RhythmStripWaves.strip(m, sampleRate: Self.rate).waves
        #expect(waves.filter { $0.pPeak != nil }.count <= 2)
    }
}
