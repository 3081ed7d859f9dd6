import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct WaveletDelineatorTests {
    /// A Gaussian bump's peak is a zero crossing of every scale; after the delay compensation (integer shift plus
    /// the common half sample) it lies on the bump's centre.
    @Test func transformScalesAreAlignedOnAPeak() {
        for centre in [400.0, 400.5] {
            let x = (0..<1000).map { Float(exp(-pow((Double($0) - centre) / 12, 2) / 2)) }
            let transform = DyadicWaveletTransform(x)
            for k in 1...5 {
                let w = transform.scale(k)
                // Rising before the peak, falling after: positive then negative.
                #expect(w[Int(centre) - 8] > 0 && w[Int(centre) + 9] < 0, "scale \(k)")
                var crossing: Double?
                for m in (Int(centre) - 20)..<(Int(centre) + 20) where w[m] > 0 && w[m + 1] <= 0 {
                    crossing = Double(m) + Double(w[m] / (w[m] - w[m + 1])) - DyadicWaveletTransform.halfSampleDelay
                }
                #expect(crossing.map { abs($0 - centre) < 0.3 } == true, "scale \(k): \(crossing ?? .nan) vs \(centre)")
            }
        }
    }

    /// Synthetic beats with known waves at 360 Hz (so the 250 Hz resampling path is exercised).
    @Test func findsKnownWavesOnEveryBeat() {
        let rate = 360.0
        let times = SyntheticECG.regularTimes(bpm: 75, duration: 20)
        let x = SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.02)
        let peaks = times.map { Int(($0 * rate).rounded()) }
        let waves = WaveletDelineator.delineate(
            MultiLeadDelineation.measurementBand(x, sampleRate: rate), sampleRate: rate, rPeaks: peaks)
        #expect(waves.count == peaks.count)
        // P (σ 20 ms) at −160 ms, Q at −25, S at +25, T (σ 45 ms) at +280 ms; boundaries lie between 2σ and 3σ out.
        // A QRS onset after the Q wave's centre (−25 ms) would have missed the Q wave.
        let expected: [(Fiducial, ClosedRange<Double>)] = [
            (.pOnset, -230 ... -190), (.pPeak, -170 ... -150), (.pOffset, -130 ... -100),
            (.qrsOnset, -65 ... -28), (.qrsOffset, 35 ... 65), (.tPeak, 270 ... 290), (.tOffset, 360 ... 430),
        ]
        for (point, range) in expected {
            let offsets = zip(waves, peaks).dropFirst().dropLast().compactMap { w, r in w[point].map { ($0 - Double(r)) / rate * 1000 } }
            #expect(offsets.count == peaks.count - 2, "\(point.rawValue) found on \(offsets.count) of \(peaks.count - 2)")
            let outside = offsets.filter { !range.contains($0) }
            #expect(outside.isEmpty, "\(point.rawValue): \(outside.prefix(5)) outside \(range)")
        }
    }

    @Test func noPWaveWithoutAtrialActivity() {
        let rate = 250.0
        let times = SyntheticECG.regularTimes(bpm: 70, duration: 20)
        let x = SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.beatWithoutP, count: times.count), noise: 0.005)
        let peaks = times.map { Int(($0 * rate).rounded()) }
        let waves = WaveletDelineator.delineate(MultiLeadDelineation.measurementBand(x, sampleRate: rate), sampleRate: rate, rPeaks: peaks)
        let withP = waves.filter { $0.pPeak != nil }.count
        #expect(withP <= waves.count / 10, "P found on \(withP) of \(waves.count) beats without P waves")
        #expect(waves.filter { $0.tOffset != nil }.count >= waves.count - 2)
    }

    @Test func emptyAndTinyInputsGiveEmptyWaves() {
        #expect(WaveletDelineator.delineate([], sampleRate: 250, rPeaks: []).isEmpty)
        let waves = WaveletDelineator.delineate([0, 1, 0], sampleRate: 250, rPeaks: [1])
        #expect(waves == [BeatWaves()])
        let flat = WaveletDelineator.delineate([Float](repeating: 0, count: 2500), sampleRate: 250, rPeaks: [500, 700, 900])
        #expect(flat.allSatisfy { $0.qrsOnset == nil && $0.tOffset == nil })
    }

    @Test func combinerTakesEarliestRobustOnsetAndFallsBackOnDisagreement() {
        let rate = 250.0
        // Lead 0 and 1 agree (8 ms apart): earliest onset, latest offset. T ends disagree by 120 ms: the lead with
        // the larger T wins. Peaks come from the larger wave.
        let a = BeatWaves(qrsOnset: 100, qrsOffset: 125, tPeak: 170, tOffset: 200, tAmplitude: 0.1)
        let b = BeatWaves(qrsOnset: 98, qrsOffset: 127, tPeak: 175, tOffset: 230, tAmplitude: -0.4)
        let combined = MultiLeadCombiner.combine([[a], [b]], sampleRate: rate)
        let beat = combined.waves[0]
        #expect(beat.qrsOnset == 98 && beat.qrsOffset == 127)
        #expect(beat.tPeak == 175 && beat.tOffset == 230)
        #expect(combined.contributions[0] == [0, 1])
        // Three leads, one outlier onset 60 ms early: ignored.
        let c = BeatWaves(qrsOnset: 85, qrsOffset: 126)
        let three = MultiLeadCombiner.combine([[a], [b], [c]], sampleRate: rate).waves[0]
        #expect(three.qrsOnset == 98)
        // QRS onsets that disagree on two leads: their median.
        let far = BeatWaves(qrsOnset: 80, qrsOffset: 125)
        #expect(MultiLeadCombiner.combine([[a], [far]], sampleRate: rate).waves[0].qrsOnset == 90)
        // One lead: unchanged.
        #expect(MultiLeadCombiner.combine([[a]], sampleRate: rate).waves == [a])
    }

    /// A faint P wave enters the combination only when no lead has a clear one; the beat's P wave is then faint.
    @Test func combinerTakesFaintPWavesOnlyWithoutAClearOne() {
        let rate = 250.0
        let clear = BeatWaves(pOnset: 40, pPeak: 52, pOffset: 64, qrsOnset: 100, qrsOffset: 125, pAmplitude: 0.08)
        let faint = BeatWaves(pOnset: 30, pPeak: 45, pOffset: 58, qrsOnset: 100, qrsOffset: 125, pAmplitude: 0.3,
                              pFaint: true)
        let none = BeatWaves(qrsOnset: 100, qrsOffset: 125)
        let mixed = MultiLeadCombiner.combine([[faint], [clear]], sampleRate: rate)
        #expect(mixed.waves[0].pOnset == 40 && mixed.waves[0].pPeak == 52 && mixed.waves[0].pOffset == 64)
        #expect(mixed.waves[0].pAmplitude == 0.08 && !mixed.waves[0].pFaint)
        let alone = MultiLeadCombiner.combine([[faint], [none]], sampleRate: rate).waves[0]
        #expect(alone.pOnset == 30 && alone.pPeak == 45 && alone.pFaint)
        let without = MultiLeadCombiner.combine([[none], [none]], sampleRate: rate).waves[0]
        #expect(without.pPeak == nil && !without.pFaint)
    }

    /// T peaks and ends (ms after R) that the delineator finds on `x` (mV at `sampleRate`, beats at `rTimes`), over
    /// the beats other than the first and last (`beats` of them).
    static func tWaves(_ x: [Float], rTimes: [Double], sampleRate rate: Double)
        -> (beats: Int, peaks: [Double], ends: [Double])
    {
        let peaks = rTimes.map { Int(($0 * rate).rounded()) }
        let waves = WaveletDelineator.delineate(
            MultiLeadDelineation.measurementBand(x, sampleRate: rate), sampleRate: rate, rPeaks: peaks)
        let inner = zip(waves, peaks).dropFirst().dropLast()
        return (inner.count, inner.compactMap { w, r in w.tPeak.map { ($0 - Double(r)) / rate * 1000 } },
                inner.compactMap { w, r in w.tOffset.map { ($0 - Double(r)) / rate * 1000 } })
    }

    /// A T wave that rises straight out of an elevated ST segment (no significant rising slope of its own, so no
    /// pair of opposite-sign lines) is still found: its peak is where the slope turns before the falling line, and
    /// its end follows from that line.
    @Test func findsOneSidedTWaveRisingOutOfTheSTSegment() {
        let rate = 250.0
        let times = SyntheticECG.regularTimes(bpm: 60, duration: 20)
        var x = SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: Array(SyntheticECG.normalBeat.dropLast()), count: times.count), noise: 0.003)
        // ST elevated to 0.2 mV from the J point (R + 40 ms, over 20 ms), rising slowly to 0.3 mV at the T peak at
        // R + 320 ms, then a Gaussian fall (σ 40 ms): the fall's end lies between 2σ and 3σ after the peak.
        let elevation = 0.3, jPoint = 0.04, tPeak = 0.32, sigma = 0.04
        for r in times {
            for i in Int((r + 0.02) * rate)..<min(x.count, Int((r + 0.6) * rate)) {
                let t = Double(i) / rate - r
                let rise = min(1, max(0, (t - jPoint + 0.01) / 0.02))
                let st = (2 + (t - jPoint) / (tPeak - jPoint)) / 3
                let level = t < tPeak ? elevation * st * (3 * rise * rise - 2 * rise * rise * rise)
                    : elevation * exp(-0.5 * pow((t - tPeak) / sigma, 2))
                x[i] += Float(level)
            }
        }
        let (beats, tPeaks, tEnds) = Self.tWaves(x, rTimes: times, sampleRate: rate)
        #expect(tPeaks.count == beats && tEnds.count == beats, "T found on \(tPeaks.count) of \(beats)")
        // The zero crossing of W₄ lies before the top of a wave that rises slowly and falls fast (the scale-2⁴
        // smoothing spreads the fall backwards): about 40 ms here.
        #expect(tPeaks.allSatisfy { (265...335).contains($0) }, "T peaks \(tPeaks.prefix(5))")
        #expect(tEnds.allSatisfy { (380...460).contains($0) }, "T ends \(tEnds.prefix(5))")
    }

    /// Long QT at a slow rate (38 bpm, T peak at R + 560 ms, σ 60 ms: QT about 760 ms), with a low hump on the ST
    /// segment before it (as in QT Database sel33): the T wave's descent lies beyond R + 600 ms, and a T window
    /// capped there takes the hump for the T wave.
    @Test func findsTheLateTWaveOfALongQTAtASlowRate() {
        let rate = 250.0
        let times = SyntheticECG.regularTimes(bpm: 38, duration: 30)
        var beat = SyntheticECG.normalBeat
        beat[4] = .init(amplitude: 0.3, centre: 0.560, width: 0.060)
        beat.append(.init(amplitude: 0.06, centre: 0.330, width: 0.040))
        let x = SyntheticECG.signal(
            duration: 30, sampleRate: rate, rTimes: times, morphologies: Array(repeating: beat, count: times.count),
            noise: 0.005)
        let (beats, tPeaks, tEnds) = Self.tWaves(x, rTimes: times, sampleRate: rate)
        #expect(tPeaks.count == beats && tEnds.count == beats, "T found on \(tPeaks.count) of \(beats)")
        #expect(tPeaks.allSatisfy { (540...580).contains($0) }, "T peaks \(tPeaks.prefix(5))")
        // The fall's end lies between 2σ and 3σ after the peak.
        #expect(tEnds.allSatisfy { (680...760).contains($0) }, "T ends \(tEnds.prefix(5))")
    }

    /// A paced beat: a narrow stimulus artefact (1 mV, σ 3 ms) at the detected beat, then the wide ventricular
    /// complex (−2 mV, σ 25 ms, centred 60 ms later) and a T wave. The QRS runs to the end of the wide complex's
    /// return to baseline, not to its trough (where it ends without the open-end rule: `openEndLevel` ∞).
    @Test func pacedComplexEndsAfterTheWideVentricularWave() {
        let rate = 360.0
        let times = SyntheticECG.regularTimes(bpm: 70, duration: 20)
        let paced: [SyntheticECG.Wave] = [
            .init(amplitude: 1.0, centre: 0, width: 0.003),
            .init(amplitude: -2.0, centre: 0.060, width: 0.025),
            .init(amplitude: 0.6, centre: 0.340, width: 0.060),
        ]
        let x = MultiLeadDelineation.measurementBand(SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times, morphologies: Array(repeating: paced, count: times.count),
            noise: 0.005), sampleRate: rate)
        let peaks = times.map { Int(($0 * rate).rounded()) }
        func offsets(_ parameters: WaveletDelineator.Parameters) -> [Double] {
            let waves = WaveletDelineator.delineate(x, sampleRate: rate, rPeaks: peaks, parameters: parameters)
            return zip(waves, peaks).dropFirst().dropLast().compactMap { w, r in w.qrsOffset.map { ($0 - Double(r)) / rate * 1000 } }
        }
        let ends = offsets(.init())
        #expect(ends.count == peaks.count - 2)
        // The wide wave returns to baseline between 2σ and 4σ after its centre: 110-160 ms after the artefact.
        #expect(ends.allSatisfy { (100...170).contains($0) }, "QRS ends \(ends.prefix(5))")
        var off = WaveletDelineator.Parameters()
        off.openEndLevel = .infinity
        #expect(offsets(off).allSatisfy { $0 < 70 }, "without the rule: \(offsets(off).prefix(5))")
    }

    /// A narrow normal QRS followed by the ST segment and T wave is not extended.
    @Test func narrowNormalQRSIsNotExtended() {
        let rate = 250.0
        let times = SyntheticECG.regularTimes(bpm: 75, duration: 20)
        let x = MultiLeadDelineation.measurementBand(SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.005), sampleRate: rate)
        let peaks = times.map { Int(($0 * rate).rounded()) }
        var off = WaveletDelineator.Parameters()
        off.openEndLevel = .infinity
        let with = WaveletDelineator.delineate(x, sampleRate: rate, rPeaks: peaks)
        let without = WaveletDelineator.delineate(x, sampleRate: rate, rPeaks: peaks, parameters: off)
        #expect(with.map(\.qrsOffset) == without.map(\.qrsOffset))
    }

    /// A small P wave close before a tall QRS: on scale 2⁴ the QRS's first slope already reaches into the end of the
    /// P window and sets the significance threshold there, so the P wave's lines fall below it. The P wave is found
    /// against the window without its last `pQRSReach` and marked faint; with the reach at zero (the whole window) it
    /// is not found. The normal beat's clear P wave is not faint.
    @Test func smallPWaveBeforeATallQRSIsFoundAsFaint() {
        let rate = 250.0
        let times = SyntheticECG.regularTimes(bpm: 75, duration: 20)
        let beat: [SyntheticECG.Wave] = [
            .init(amplitude: 0.05, centre: -0.150, width: 0.018),
            .init(amplitude: 2.5, centre: 0, width: 0.012),
            .init(amplitude: 0.35, centre: 0.280, width: 0.045),
        ]
        let x = MultiLeadDelineation.measurementBand(SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times, morphologies: Array(repeating: beat, count: times.count),
            noise: 0.002), sampleRate: rate)
        let peaks = times.map { Int(($0 * rate).rounded()) }
        let inner = 1..<(peaks.count - 1)
        let waves = WaveletDelineator.delineate(x, sampleRate: rate, rPeaks: peaks)
        let pPeaks = inner.compactMap { b in waves[b].pPeak.map { ($0 - Double(peaks[b])) / rate * 1000 } }
        #expect(pPeaks.count == inner.count, "P found on \(pPeaks.count) of \(inner.count)")
        #expect(pPeaks.allSatisfy { (-165 ... -135).contains($0) }, "P peaks \(pPeaks.prefix(5))")
        #expect(inner.allSatisfy { waves[$0].pPeak == nil || waves[$0].pFaint })
        var whole = WaveletDelineator.Parameters()
        whole.pQRSReach = 0
        let strict = WaveletDelineator.delineate(x, sampleRate: rate, rPeaks: peaks, parameters: whole)
        #expect(inner.allSatisfy { strict[$0].pPeak == nil })
        let normal = MultiLeadDelineation.measurementBand(SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.002),
            sampleRate: rate)
        let clear = WaveletDelineator.delineate(normal, sampleRate: rate, rPeaks: peaks)
        #expect(inner.allSatisfy { clear[$0].pPeak != nil && !clear[$0].pFaint })
    }

    /// A lone falling slope without a wave standing off the baseline before it (baseline wander) is not a T wave.
    @Test func oneSidedWaveNeedsAmplitude() {
        var context = WaveletDelineator.Context(y: [Float](repeating: 0, count: 1000), parameters: .init())
        // Flat signal: nothing to find.
        #expect(context.oneSidedWave(line: 500, window: 400...600, scale: context.w4, xiEnd: 0.4, endLimit: 700,
                                     baseline: 0) == nil)
        // A step down of 0.02 mV (below the 0.05 mV floor) gives no wave; a 0.2 mV one does.
        for (height, found) in [(Float(0.02), false), (0.2, true)] {
            let y = (0..<1000).map { i -> Float in height * Float(1 / (1 + exp((Double(i) - 500) / 6))) }
            context = WaveletDelineator.Context(y: y, parameters: .init())
            var line = 450
            for k in 450...550 where abs(context.w4[k]) > abs(context.w4[line]) { line = k }
            let wave = context.oneSidedWave(line: line, window: 300...600, scale: context.w4, xiEnd: 0.4, endLimit: 700,
                                            baseline: 0)
            #expect((wave != nil) == found, "step \(height) mV")
        }
    }

    /// Leads that disagree on a T end: the lead whose T end keeps to its own neighbouring beats wins over the lead
    /// with the larger T wave that jumped on this beat (a later wave taken for the T wave).
    @Test func combinerPrefersTheLeadConsistentWithItsNeighbours() {
        let rate = 250.0
        func beats(tEnd: (Int) -> Double, amplitude: Float) -> [BeatWaves] {
            (0..<20).map { b in
                let onset = Double(b * 250)
                return BeatWaves(qrsOnset: onset, qrsOffset: onset + 25, tPeak: onset + 70, tOffset: onset + tEnd(b),
                                 tAmplitude: amplitude)
            }
        }
        let steady = beats(tEnd: { _ in 100 }, amplitude: 0.1)
        let jumping = beats(tEnd: { $0 == 10 ? 170 : 104 }, amplitude: 0.4)
        let combined = MultiLeadCombiner.combine([steady, jumping], sampleRate: rate)
        #expect(combined.waves[10].tOffset == 2600)
        #expect(combined.contributions[10].contains(0))
        // Where they agree (4 samples apart), the latest T end as before.
        #expect(combined.waves[5].tOffset == 1354)
        // With the roles swapped, the steady lead still wins.
        let swapped = MultiLeadCombiner.combine(
            [beats(tEnd: { $0 == 10 ? 30 : 100 }, amplitude: 0.4), beats(tEnd: { _ in 104 }, amplitude: 0.1)], sampleRate: rate)
        #expect(swapped.waves[10].tOffset == 2604)
    }

    /// A false R peak on a tall T wave (as a detector gives on leads with a small QRS) does not cut the preceding
    /// beat's T search: the T wave is still found, where it is.
    @Test func falseDetectionOnTheTWaveDoesNotHideIt() {
        let rate = 250.0
        let times = SyntheticECG.regularTimes(bpm: 60, duration: 20)
        let x = SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.005)
        let beats = times.map { Int(($0 * rate).rounded()) }
        // A spurious detection at every T peak (R + 280 ms).
        let detections = beats.flatMap { [$0, $0 + Int(0.28 * rate)] }
        let waves = WaveletDelineator.delineate(
            MultiLeadDelineation.measurementBand(x, sampleRate: rate), sampleRate: rate, rPeaks: detections)
        let real = Array(stride(from: 2, to: detections.count - 2, by: 2))
        let tPeaks = real.compactMap { b in waves[b].tPeak.map { ($0 - Double(detections[b])) / rate * 1000 } }
        #expect(tPeaks.count == real.count, "T found on \(tPeaks.count) of \(real.count) beats")
        #expect(tPeaks.allSatisfy { (265...295).contains($0) }, "T peaks \(tPeaks.prefix(5))")
    }
}
