import Testing
@testable import ECGAnalysis

@Suite struct RhythmTests {
    @Test(arguments: [(45.0, RhythmCode.sinusBradycardia), (55, .sinusRhythm), (75, .sinusRhythm), (120, .sinusTachycardia)])
    func sinusCategoriesByRate(bpm: Double, expected: RhythmCode) {
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: bpm, duration: 30), labels: ["N"])
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        #expect(rhythm.code == expected)
        #expect(!rhythm.irregular)
        #expect(abs((rhythm.rateBPM ?? 0) - bpm) < 0.5)
    }

    @Test func irregularWithoutPWavesIsAtrialFibrillation() {
        let beats = SyntheticECG.beats(times: SyntheticECG.irregularTimes(range: 0.4...1.1, duration: 30), labels: ["N"])
        #expect(RhythmClassifier.classify(beats: beats, pWavesPresent: false).code == .atrialFibrillation)
        // With P waves the same RR is sinus with irregularity, not AF.
        let withP = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        #expect(withP.code != .atrialFibrillation && withP.irregular)
    }

    @Test func weakPLikeDeflectionWithStronglyIrregularRRIsAtrialFibrillation() {
        let beats = SyntheticECG.beats(times: SyntheticECG.irregularTimes(range: 0.35...1.2, duration: 60), labels: ["N"])
        #expect(RhythmClassifier.classify(beats: beats, pWavesPresent: true, pAmplitude: 0.05).code == .atrialFibrillation)
        #expect(RhythmClassifier.classify(beats: beats, pWavesPresent: true, pAmplitude: 0.15).code != .atrialFibrillation)
    }

    @Test func regularWithoutPWavesIsNotAtrialFibrillation() {
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 70, duration: 30), labels: ["N"])
        #expect(RhythmClassifier.classify(beats: beats, pWavesPresent: false).code == .junctionalRhythm)
    }

    @Test func irregularityMeasures() {
        let regular = RRIrregularity(rr: Array(repeating: 0.8, count: 30))
        #expect(regular.coefficientOfVariation == 0 && regular.normalisedRMSSD == 0 && regular.shannonEntropy == 0)
        let alternating = RRIrregularity(rr: (0..<30).map { $0 % 2 == 0 ? 0.6 : 1.0 })
        #expect(alternating.turningPointRatio == 1)
        #expect(RRIrregularity(rr: [0.8, 0.8]).normalisedRMSSD == nil)
    }

    @Test func bigeminyTrigeminyAndBurden() {
        let times = (0..<60).map { Double($0) * 0.8 }
        let bigeminy = SyntheticECG.beats(times: times, labels: ["N", "V"])
        let e = EctopyPatterns.ectopy(bigeminy)
        #expect(e.ventricularBeats == 30 && e.ventricularBurdenPct == 50)
        #expect(e.bigeminyEpisodes == 1 && e.bigeminyBeats == 60)
        #expect(e.trigeminyEpisodes == 0)
        let trigeminy = EctopyPatterns.ectopy(SyntheticECG.beats(times: times, labels: ["N", "N", "V"]))
        #expect(trigeminy.trigeminyEpisodes == 1 && trigeminy.bigeminyEpisodes == 0)
        // Two cycles only: no episode.
        let short = EctopyPatterns.ectopy(SyntheticECG.beats(times: Array(times.prefix(4)), labels: ["N", "V"]))
        #expect(short.bigeminyEpisodes == 0)
        let s = EctopyPatterns.ectopy(SyntheticECG.beats(times: times, labels: ["N", "N", "N", "A"]))
        #expect(s.supraventricularBeats == 15 && s.supraventricularBurdenPct == 25 && s.ventricularBeats == 0)
    }

    @Test func ventricularRunsAndPauses() {
        var labels = Array(repeating: "N", count: 30)
        for i in 5..<8 { labels[i] = "V" }  // run of 3
        for i in 15..<20 { labels[i] = "V" }  // run of 5
        labels[25] = "V"; labels[26] = "V"  // couplet: not a run
        var times = (0..<30).map { Double($0) * 0.5 }
        for i in 22..<30 { times[i] += 2.5 }  // one 3-s pause before beat 22
        let beats = zip(times, labels).map { ClassifiedBeat(sample: 0, time: $0, label: $1, probability: 1) }
        let runs = EctopyPatterns.ventricularRuns(beats)
        #expect(runs.count == 2 && runs.longestBeats == 5 && runs.longestRateBPM == 120)
        #expect(runs.startTimesS == [2.5, 7.5])
        let pauses = EctopyPatterns.pauses(beats)
        #expect(pauses.count == 1 && pauses.longestS == 3 && pauses.timesS == [13.5])
    }

    @Test func predominantlyVentricularFastIsVT() {
        let beats = SyntheticECG.beats(times: SyntheticECG.regularTimes(bpm: 160, duration: 10), labels: ["V"])
        #expect(RhythmClassifier.classify(beats: beats, pWavesPresent: nil).code == .ventricularTachycardia)
    }

    @Test func aamiMapping() {
        #expect(AAMIClass(modelLabel: "L") == .normal)
        #expect(AAMIClass(modelLabel: "A") == .supraventricular)
        #expect(AAMIClass(modelLabel: "E") == .ventricular)
        #expect(AAMIClass(modelLabel: "/") == .unknown)
        #expect(AAMIClass(modelLabel: "Abnormal") == .unknown)
    }
}
