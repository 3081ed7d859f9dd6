import Foundation
import Testing
@testable import ECGAnalysis

/// The median-beat delineator (P-wave presence for the rhythm classifier).
@Suite struct DelineationTests {
    let rate = 360.0

    func medianBeat(times: [Double], signal: [Float], classes: [AAMIClass]? = nil) throws -> MedianBeat {
        let peaks = times.map { Int(($0 * rate).rounded()) }
        let result = MedianBeat.build(
            signal: signal, sampleRate: rate, rPeaks: peaks,
            classes: classes ?? [AAMIClass](repeating: .normal, count: peaks.count))
        return try result.get()
    }

    @Test func findsKnownFiducialPointsOnANoisyRegularRhythm() throws {
        let times = SyntheticECG.regularTimes(bpm: 75, duration: 30)
        let x = SyntheticECG.signal(
            duration: 30, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.03)
        let beat = try medianBeat(times: times, signal: x)
        #expect(beat.beatCount >= 30)
        let d = WaveDelineator.delineate(beat)
        #expect(d.pWavePresent == true)
        // P at −160 ms (σ 20): 15 % points at ±39 ms. QRS from the Q wave (−25 ms, σ 8) to the S wave (+25 ms, σ 9).
        // T at +280 ms (σ 45): tangent at the inflection (+325 ms) meets zero at +370 ms.
        let expectations: [(MeasuredValue, Double, Double)] = [
            (d.pPeak, -160, 8), (d.pOnset, -199, 12), (d.pOffset, -121, 12),
            (d.qrsOnset, -45, 12), (d.qrsOffset, 45, 12), (d.tPeak, 280, 10), (d.tEnd, 370, 15),
        ]
        for (measured, expected, tolerance) in expectations {
            let value = try #require(measured.value, "\(measured.rule): \(measured.reason ?? "")")
            #expect(abs(value - expected) <= tolerance, "\(measured.rule): \(value) vs \(expected)")
        }
        #expect(abs((d.medianRR.value ?? 0) - 800) < 2)
    }

    @Test func reportsNoPWaveUnderFibrillatoryWaves() throws {
        let times = SyntheticECG.irregularTimes(range: 0.45...1.1, duration: 180)
        let x = SyntheticECG.signal(
            duration: 180, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.beatWithoutP, count: times.count), noise: 0.02, fibrillation: 0.08)
        // Irregular rhythm: few beats pass the ±20 % RR regularity filter, but enough over three minutes.
        let beat = try medianBeat(times: times, signal: x)
        let d = WaveDelineator.delineate(beat)
        #expect(d.pWavePresent == false, "\(d.pAmplitude), \(beat.beatCount) beats")
        #expect(d.pOnset.value == nil && d.pOnset.reason != nil)
    }

    @Test func needsFiveRegularNormalBeats() {
        let times = [0.5, 1.3, 2.1, 2.9]
        let x = SyntheticECG.signal(
            duration: 4, sampleRate: rate, rTimes: times, morphologies: Array(repeating: SyntheticECG.normalBeat, count: 4))
        let peaks = times.map { Int($0 * rate) }
        let result = MedianBeat.build(signal: x, sampleRate: rate, rPeaks: peaks, classes: [.normal, .normal, .normal, .normal])
        #expect(throws: MedianBeat.Failure.self) { try result.get() }
        let ventricular = MedianBeat.build(signal: x, sampleRate: rate, rPeaks: peaks, classes: Array(repeating: .ventricular, count: 4))
        #expect(throws: MedianBeat.Failure.tooFewBeats(0)) { try ventricular.get() }
    }
}
