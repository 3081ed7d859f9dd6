import Foundation
import Testing
@testable import ECGAnalysis

/// Synthetic leads at 250 Hz: Gaussian P (0.15 mV), QRS (1 mV) and T (0.3 mV) waves, with the delineation a beat
/// would get (P peak and onset, T end) so only the blocked-P search itself is under test.
@Suite struct BlockedPWavesTests {
    static let rate = 250.0

    struct Lead {
        var signal: [Float]
        var peaks: [Int]
        var waves: [BeatWaves]
    }

    static func gaussian(_ t: Double, at center: Double, width: Double, height: Double) -> Double {
        height * exp(-0.5 * pow((t - center) / width, 2))
    }

    /// P waves every `pp` seconds (where `pWave`(k)), each `conducted`(k) one followed 160 ms later by a QRS and its
    /// T wave; a U wave (0.1 mV, broad) 550 ms after each R when `uWave`.
    static func lead(
        pp: Double, count: Int, conducted: (Int) -> Bool, pWave: (Int) -> Bool = { _ in true }, uWave: Bool = false,
        seed: UInt64 = 1
    ) -> Lead {
        let n = Int((Double(count) * pp + 1) * rate)
        var x = [Double](repeating: 0, count: n)
        var peaks: [Int] = [], waves: [BeatWaves] = []
        var state = seed
        for k in 0..<count {
            let p = 0.4 + Double(k) * pp
            let r = p + 0.16
            let low = max(0, Int((p - 0.1) * rate)), high = min(n - 1, Int((p + 0.1) * rate))
            if pWave(k) {
                for i in low...high { x[i] += gaussian(Double(i) / rate, at: p, width: 0.02, height: 0.15) }
            }
            guard conducted(k) else { continue }
            for i in max(0, Int((r - 0.05) * rate))...min(n - 1, Int((r + 0.75) * rate)) {
                let t = Double(i) / rate
                x[i] += gaussian(t, at: r, width: 0.008, height: 1) + gaussian(t, at: r + 0.25, width: 0.05, height: 0.3)
                if uWave { x[i] += gaussian(t, at: r + 0.55, width: 0.06, height: 0.1) }
            }
            peaks.append(Int(r * rate))
            waves.append(BeatWaves(pOnset: (p - 0.04) * rate, pPeak: p * rate, tOffset: (r + 0.4) * rate))
        }
        let signal = x.map { value -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(value + 0.01 * (Double(state >> 11) / Double(1 << 53) - 0.5))
        }
        return Lead(signal: signal, peaks: peaks, waves: waves)
    }

    static func analyse(_ lead: Lead) -> BlockedPWaves? {
        BlockedPWaves.analyse(lead.signal, sampleRate: rate, peaks: lead.peaks, waves: lead.waves, range: lead.peaks.indices)
    }

    @Test func everyOtherPWaveBlockedIsFound() throws {
        // Atria at 80 bpm, every other P wave conducted: ventricles at 40 bpm.
        let b = try #require(Self.analyse(Self.lead(pp: 0.75, count: 40, conducted: { $0 % 2 == 0 })))
        #expect(b.pairs == 19)
        #expect(b.fraction >= 0.9, "\(b)")
        #expect(b.medianCorrelation >= 0.95, "\(b)")
    }

    @Test func sinusBradycardiaHasNoBlockedPWaves() throws {
        // Sinus rhythm at 40 bpm: every P wave conducted, nothing between the beats but the TP segment (with noise)
        // or a broad U wave.
        for uWave in [false, true] {
            let b = try #require(Self.analyse(Self.lead(pp: 1.5, count: 20, conducted: { _ in true }, uWave: uWave)))
            #expect(b.pairs == 19)
            #expect(b.fraction == 0, "U wave \(uWave): \(b)")
        }
    }

    @Test func aDroppedBeatIsABlockedPWaveOnlyWithAPWaveInTheGap() throws {
        // P waves every 0.8 s with every 4th not conducted (second-degree block), against the same beats with that
        // P wave missing too (sinus pauses): only the gaps are searched.
        let blocked = Self.lead(pp: 0.8, count: 36, conducted: { $0 % 4 != 3 })
        let paused = Self.lead(pp: 0.8, count: 36, conducted: { $0 % 4 != 3 }, pWave: { $0 % 4 != 3 })
        let gaps = stride(from: 2, to: blocked.peaks.count - 1, by: 3).map { $0 }
        for (lead, expected) in [(blocked, 1.0), (paused, 0.0)] {
            let g = try #require(BlockedPWaves.analyse(
                lead.signal, sampleRate: Self.rate, peaks: lead.peaks, waves: lead.waves, range: lead.peaks.indices,
                pairs: gaps))
            #expect(g.pairs == gaps.count)
            #expect(g.fraction == expected, "\(g)")
        }
    }

    @Test func tooFewPWavesGiveNoVerdict() {
        var lead = Self.lead(pp: 0.75, count: 8, conducted: { $0 % 2 == 0 })
        for i in lead.waves.indices.dropFirst(2) { lead.waves[i].pPeak = nil }
        #expect(Self.analyse(lead) == nil)
        #expect(BlockedPWaves.analyse([], sampleRate: Self.rate, peaks: [], waves: [], range: 0..<0) == nil)
    }

    @Test func theRuleNamesTwoToOneBlockOnlyWithTheEvidence() {
        let times = SyntheticECG.regularTimes(bpm: 40, duration: 30)
        let features = RhythmRuleTests.features(times)
        var evidence = RhythmEvidence(features: features, range: features.indices, stimuliLooked: false, pWaveOnMedianBeat: true)
        #expect(RhythmClassifier.decide(evidence).0 == .sinusBradycardia)
        evidence.blockedPWaves = BlockedPWaves(pairs: 19, fraction: 0.95, medianCorrelation: 0.97)
        let (code, rule) = RhythmClassifier.decide(evidence)
        #expect(code == .secondDegreeAVBlock2To1)
        #expect(rule.contains("95.0 % of 19 beat pairs"), "\(rule)")
        #expect(code.family == .avBlock)
        #expect(code.labelInSentence == "second-degree AV block, 2:1 conduction")
        evidence.blockedPWaves = BlockedPWaves(pairs: 19, fraction: 0.4, medianCorrelation: 0.7)
        #expect(RhythmClassifier.decide(evidence).0 == .sinusBradycardia)
    }
}
