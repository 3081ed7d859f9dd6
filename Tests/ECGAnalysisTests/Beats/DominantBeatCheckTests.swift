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

    @Test func onTimeBeatsOfTheDominantShapeAreNotVentricular() throws {
        let (beats, signal, peaks) = Self.recording()
        let r = try #require(DominantBeatCheck.correlations(beats: beats, signal: signal, sampleRate: Self.rate, peaks: peaks))
        #expect((r[20] ?? 0) > 0.99 && (r[40] ?? 0) > 0.99 && (r[10] ?? 1) < 0.9)
        let agreement = DominantBeatCheck.agreement(beats: beats, leads: [signal], sampleRate: Self.rate, peaks: peaks)
        #expect(agreement.leads == [0] && agreement.shapes.allSatisfy { $0 == nil || $0?.leads == 1 })
        #expect(DominantBeatCheck.overruled(beats: beats, shapes: agreement.shapes) == [20, 30])
        let read = DominantBeatCheck.apply(beats, normalLabel: "N", leads: [signal], sampleRate: Self.rate, peaks: peaks)
        #expect(read.leads == [0])
        #expect(read.beats[20].label == "N" && read.beats[20].aami == .normal && read.beats[20].modelLabel == "V")
        #expect(read.beats[20].probability == 0.8)
        // The premature ventricular beat and the early beat keep their label; nothing else changes.
        #expect(read.beats[10] == beats[10] && read.beats[40] == beats[40])
        #expect(read.beats.indices.filter { read.beats[$0] != beats[$0] } == [20, 30])
    }

    /// A second lead: beat 20 has the normal shape in the first lead and a ventricular one in the second, so it stays
    /// V; beat 30 has the normal shape in both and reads as N.
    @Test func aSecondLeadMustAgreeToo() {
        let (beats, signal, peaks) = Self.recording()
        let times = beats.map(\.time)
        let shapes = times.indices.map { [10, 20].contains($0) ? SyntheticECG.ventricularBeat : SyntheticECG.normalBeat }
        let second = SyntheticECG.signal(
            duration: 60, sampleRate: Self.rate, rTimes: times, morphologies: shapes, noise: 0.01, seed: 2)
        let read = DominantBeatCheck.apply(beats, normalLabel: "N", leads: [signal, second], sampleRate: Self.rate, peaks: peaks)
        #expect(read.leads == [0, 1])
        #expect(read.beats.indices.filter { read.beats[$0] != beats[$0] } == [30])
        // A flat second lead (disconnected) is left out: the first lead decides alone.
        let flat = [Float](repeating: 0, count: signal.count)
        let alone = DominantBeatCheck.apply(beats, normalLabel: "N", leads: [signal, flat], sampleRate: Self.rate, peaks: peaks)
        #expect(alone.leads == [0])
        #expect(alone.beats.indices.filter { alone.beats[$0] != beats[$0] } == [20, 30])
    }

    /// The threshold depends on how many leads were compared: 0.97 for the analysed lead alone, 0.90 for two or more.
    @Test func aSecondLeadLowersTheThreshold() {
        typealias Shape = DominantBeatCheck.Shape
        #expect(!Shape(correlation: 0.93, leads: 1).agrees && Shape(correlation: 0.93, leads: 2).agrees)
        #expect(Shape(correlation: 0.97, leads: 1).agrees && !Shape(correlation: 0.89, leads: 3).agrees)
        // The agreement of a beat is the lowest correlation over its leads.
        let (beats, signal, peaks) = Self.recording()
        let scaled = signal.map { $0 * 0.5 }
        let both = DominantBeatCheck.agreement(beats: beats, leads: [signal, scaled], sampleRate: Self.rate, peaks: peaks)
        let one = DominantBeatCheck.agreement(beats: beats, leads: [signal], sampleRate: Self.rate, peaks: peaks)
        for (a, b) in zip(both.shapes, one.shapes) {
            #expect(a?.leads == b.map { $0.leads + 1 } && abs((a?.correlation ?? 0) - (b?.correlation ?? 0)) < 1e-9)
        }
    }

    @Test func withoutEnoughNormalBeatsOrANormalLabelNothingChanges() {
        let (beats, signal, peaks) = Self.recording()
        let unread = DominantBeatCheck.apply(beats, normalLabel: nil, leads: [signal], sampleRate: Self.rate, peaks: peaks)
        #expect(unread.beats == beats && unread.leads.isEmpty)
        let few = Array(beats.prefix(DominantBeatCheck.minimumNormalBeats + 1))  // beats 0-20: 19 normal, 20 is V
        let fewPeaks = Array(peaks.prefix(few.count))
        #expect(DominantBeatCheck.correlations(beats: few, signal: signal, sampleRate: Self.rate, peaks: fewPeaks) == nil)
        let agreement = DominantBeatCheck.agreement(beats: few, leads: [signal, signal], sampleRate: Self.rate, peaks: fewPeaks)
        #expect(agreement.leads.isEmpty && agreement.shapes.allSatisfy { $0 == nil })
        #expect(DominantBeatCheck.overruled(beats: few, shapes: agreement.shapes).isEmpty)
    }
}
