import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct IntervalMeasurementTests {
    let rate = 250.0

    /// `count` normal beats every 200 samples (RR 800 ms) with PR, QRS and QT in ms and P and T amplitudes in mV;
    /// `jitter(i)` adds ms to beat i's T end.
    func beats(count: Int = 20, pr: Double = 160, qrs: Double = 90, qt: Double = 400, pAmplitude: Float = 0.1,
               tAmplitude: Float = 0.3, jitter: (Int) -> Double = { _ in 0 }) -> (waves: [BeatWaves], peaks: [Int]) {
        let samples = { (ms: Double) in ms / 1000 * self.rate }
        let peaks = (0..<count).map { 100 + 200 * $0 }
        let waves = peaks.enumerated().map { i, r -> BeatWaves in
            let on = Double(r) - samples(30)
            return BeatWaves(
                pOnset: on - samples(pr), pPeak: on - samples(pr) + 10, pOffset: on - samples(pr) + 25, qrsOnset: on,
                qrsOffset: on + samples(qrs), tPeak: on + samples(qt) - 20, tOffset: on + samples(qt + jitter(i)),
                pAmplitude: pAmplitude, tAmplitude: tAmplitude)
        }
        return (waves, peaks)
    }

    func measure(_ b: (waves: [BeatWaves], peaks: [Int]), classes: [AAMIClass]? = nil) -> IntervalSummary {
        IntervalMeasurement.measure(
            waves: b.waves, rPeaks: b.peaks, classes: classes ?? b.peaks.map { _ in .normal }, sampleRate: rate,
            leads: ["II", "V5"], contributions: b.peaks.map { _ in [0, 1] })
    }

    @Test func consistentBeatsGiveReliableIntervalsAndQTc() throws {
        let i = measure(beats())
        #expect(i.pr.value == 160 && i.qrs.value == 90 && i.qt.value == 400)
        #expect(i.quality.qt.status == .reliable && i.quality.qt.reason == nil)
        #expect(i.quality.qt.beatsMeasured == 20 && i.quality.qt.leads == ["II", "V5"])
        #expect(abs(try #require(i.qtcBazett.value) - 400 / 0.8.squareRoot()) < 0.1)
        #expect(abs(try #require(i.qtcFridericia.value) - 400 / pow(0.8, 1.0 / 3)) < 0.1)
    }

    @Test func flatTWaveMakesQTNotMeasurableAndUnscored() {
        let i = measure(beats(qt: 520, tAmplitude: 0.03))
        #expect(i.qt.value == nil && i.qtcBazett.value == nil)
        #expect(i.quality.qt.status == .notMeasurable)
        #expect(i.qt.reason?.contains("T wave amplitude 0.03 mV") == true, "\(i.qt.reason ?? "")")
        #expect(i.qrs.value == 90)
        // No QTc points, and the notes say why.
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 72, duration: 60), labels: ["N"])
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        let score = RiskScoring.score(rhythm: rhythm, heartRate: HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time)), intervals: i)
        #expect(score.value == 0)
        let qtc = score.components.first { $0.name == .qtc }
        #expect(qtc?.points == 0 && qtc?.reason.contains("not measurable") == true)
    }

    @Test func pWaveAtTheNoiseLevelMakesPRNotMeasurable() {
        let faint = measure(beats(pAmplitude: -0.02))
        #expect(faint.pr.value == nil && faint.quality.pr.status == .notMeasurable)
        #expect(faint.pr.reason?.contains("P wave amplitude 0.02 mV") == true, "\(faint.pr.reason ?? "")")
        #expect(faint.qrs.value == 90 && faint.qt.value == 400)
        let small = measure(beats(pAmplitude: 0.04))
        #expect(small.pr.value == 160 && small.quality.pr.status == .reliable)
    }

    @Test func physiologicalBoundsTurnValuesIntoNotMeasurable() {
        let wide = measure(beats(qrs: 240))
        #expect(wide.qrs.value == nil && wide.qrs.reason?.contains("implausible QRS of 240 ms") == true)
        let shortPR = measure(beats(pr: 60))
        #expect(shortPR.pr.value == nil && shortPR.quality.pr.status == .notMeasurable)
        // QT 200 ms at RR 800 ms: QTc Fridericia 215 ms, not a QT this heart rate allows.
        let shortQT = measure(beats(qt: 200))
        #expect(shortQT.qt.value == nil && shortQT.qt.reason?.contains("implausible for RR 800 ms") == true)
        // Above the bounds the QT may be real: the reason says so and asks for a hand measurement.
        let longQT = measure(beats(qt: 720))
        #expect(longQT.qt.value == nil && longQT.qt.reason?.contains("above the 150-700 ms") == true)
        #expect(longQT.qt.reason?.contains("a markedly prolonged QT") == true, "\(longQT.qt.reason ?? "")")
        // QT 620 ms at RR 800 ms: QTc Fridericia 668 ms.
        let longQTc = measure(beats(qt: 620))
        #expect(longQTc.qt.value == nil && longQTc.qt.reason?.contains("QTc Fridericia 668 ms, above the 250-600 ms") == true,
                "\(longQTc.qt.reason ?? "")")
        #expect(longQTc.qt.reason?.hasSuffix("measure it by hand") == true)
    }

    @Test func beatToBeatSpreadAndPoorCoverageAreNotMeasurable() {
        let spread = measure(beats(jitter: { $0 % 2 == 0 ? 0 : 120 }))
        #expect(spread.qt.value == nil && spread.qt.reason?.contains("varies from beat to beat") == true)
        var sparse = beats()
        for i in 0..<15 { sparse.waves[i].tOffset = nil }
        let few = measure(sparse)
        #expect(few.qt.value == nil && few.qt.reason?.contains("5 of 20 normal beats") == true)
        // Only ventricular beats: nothing to measure on.
        let none = measure(beats(), classes: Array(repeating: .ventricular, count: 20))
        #expect(none.qrs.value == nil && none.quality.qrs.beatsConsidered == 0)
    }
}

extension IntervalMeasurementTests {
    @Test func noPWaveOnTheMedianBeatMeansNoPR() {
        let b = beats()
        let i = IntervalMeasurement.measure(
            waves: b.waves, rPeaks: b.peaks, classes: b.peaks.map { _ in .normal }, sampleRate: rate, pWavesPresent: false)
        #expect(i.pr.value == nil && i.quality.pr.reason?.contains("no P wave") == true)
        #expect(i.qrs.value == 90)
    }
}
