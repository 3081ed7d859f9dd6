import Foundation
import Testing
@testable import ECGAnalysis

/// V labels that the recording's own normal beats contradict: on time and shaped like them.
@Suite struct DominantBeatCheckTests {
    static let rate = 360.0

    /// 60 s at 75 bpm of normal beats; beat 10 is a premature ventricular beat (wide, different shape), beats 20 and
    /// 30 are normal beats on time, beat 40 a normal-shaped beat 35 % early. The model calls 10, 20, 30 and 40 V.
    static func recording() -> (beats: [ClassifiedBeat], signal: [Float], peaks: [Int]) {
        var times = SyntheticECG.regularTimes(bpm: 75, duration: 60)
        times[10] -= 0.35 * 0.8
        times[40] -= 0.35 * 0.8
        let shapes = times.indices.map { $0 == 10 ? SyntheticECG.ventricularBeat : SyntheticECG.normalBeat }
        let signal = SyntheticECG.signal(duration: 60, sampleRate: rate, rTimes: times, morphologies: shapes, noise: 0.01)
        let labels = times.indices.map { [10, 20, 30, 40].contains($0) ? "V" : "N" }
        let beats = zip(times, labels).map { ClassifiedBeat(sample: Int(($0 * rate).rounded()), time: $0, label: $1, probability: 0.8) }
        return (beats, signal, beats.map(\.sample))
    }

    @Test func onTimeBeatsOfTheDominantShapeAreNotVentricular() {
        let (beats, signal, peaks) = Self.recording()
        let r = DominantBeatCheck.correlations(beats: beats, signal: signal, sampleRate: Self.rate, peaks: peaks)
        #expect((r[20] ?? 0) > 0.99 && (r[40] ?? 0) > 0.99 && (r[10] ?? 1) < 0.9)
        #expect(DominantBeatCheck.overruled(beats: beats, correlations: r) == [20, 30])
        let read = DominantBeatCheck.apply(beats, normalLabel: "N", signal: signal, sampleRate: Self.rate, peaks: peaks)
        #expect(read[20].label == "N" && read[20].aami == .normal && read[20].modelLabel == "V" && read[20].probability == 0.8)
        // The premature ventricular beat and the early beat keep their label; nothing else changes.
        #expect(read[10] == beats[10] && read[40] == beats[40])
        #expect(read.indices.filter { read[$0] != beats[$0] } == [20, 30])
    }

    @Test func withoutEnoughNormalBeatsOrANormalLabelNothingChanges() {
        let (beats, signal, peaks) = Self.recording()
        #expect(DominantBeatCheck.apply(beats, normalLabel: nil, signal: signal, sampleRate: Self.rate, peaks: peaks) == beats)
        let few = Array(beats.prefix(DominantBeatCheck.minimumNormalBeats + 1))  // beats 0-20: 19 normal, 20 is V
        let r = DominantBeatCheck.correlations(
            beats: few, signal: signal, sampleRate: Self.rate, peaks: Array(peaks.prefix(few.count)))
        #expect(r.allSatisfy { $0 == nil } && DominantBeatCheck.overruled(beats: few, correlations: r).isEmpty)
    }
}
