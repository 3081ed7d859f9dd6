import Testing
@testable import ECGAnalysis

@Suite struct RhythmEpisodeScoringTests {
    typealias Episode = RhythmEpisodeScoring.Episode

    @Test func referenceEpisodesFromAuxNotes() {
        let episodes = RhythmEpisodeScoring.referenceEpisodes(
            changes: [(10, "(N"), (100, "(AFIB"), (250, "(N\0"), (300, "(N"), (400, "(B")], length: 500)
        #expect(episodes == [
            Episode(start: 0, end: 10, category: .other), Episode(start: 10, end: 100, category: .sinus),
            Episode(start: 100, end: 250, category: .atrialFibrillation), Episode(start: 250, end: 400, category: .sinus),
            Episode(start: 400, end: 500, category: .bigeminy),
        ])
        #expect(RhythmEpisodeScoring.majority(of: episodes, start: 80, end: 200) == .atrialFibrillation)
        #expect(RhythmEpisodeScoring.majority(of: episodes, start: 200, end: 320) == .sinus)
    }

    @Test func episodeAndDurationAgreement() {
        let reference = [
            Episode(start: 0, end: 100, category: .sinus), Episode(start: 100, end: 200, category: .atrialFibrillation),
            Episode(start: 200, end: 300, category: .sinus), Episode(start: 300, end: 350, category: .atrialFibrillation),
        ]
        let detected = [
            Episode(start: 90, end: 180, category: .atrialFibrillation), Episode(start: 180, end: 240, category: .atrialFibrillation),
            Episode(start: 260, end: 280, category: .atrialFibrillation),
        ]
        let a = RhythmEpisodeScoring.agreement(reference: reference, detected: detected, category: .atrialFibrillation)
        // Detected merge into [90, 240) and [260, 280): one true, one false; one of two reference episodes found.
        #expect(a.referenceEpisodes == 2 && a.referenceDetected == 1)
        #expect(a.detectedEpisodes == 2 && a.detectedTrue == 1)
        #expect(a.referenceDuration == 150 && a.detectedDuration == 170 && a.overlapDuration == 100)
        #expect(a.episodeSensitivity == 0.5 && a.durationPositivePredictivity == 100.0 / 170)
        let sum = a + a
        #expect(sum.overlapDuration == 200 && sum.durationSensitivity == a.durationSensitivity)
    }

    @Test func durationConfusionSplitsEachReferenceRhythm() {
        let reference = [
            Episode(start: 0, end: 100, category: .sinus), Episode(start: 100, end: 200, category: .paced),
        ]
        let detected = [
            Episode(start: 0, end: 60, category: .sinus), Episode(start: 70, end: 150, category: .paced),
            Episode(start: 150, end: 190, category: .idioventricular),
        ]
        let table = RhythmEpisodeScoring.durationConfusion(reference: reference, detected: detected)
        // Sinus: 60 sinus, 30 paced, 10 covered by nothing; paced: 50 paced, 40 idioventricular, 10 uncovered.
        #expect(table[.sinus] == [.sinus: 60, .paced: 30, .undetermined: 10])
        #expect(table[.paced] == [.paced: 50, .idioventricular: 40, .undetermined: 10])
        #expect(table[.atrialFibrillation] == nil)
        #expect(RhythmEpisodeScoring.durationConfusion(reference: reference, detected: []) == [
            .sinus: [.undetermined: 100], .paced: [.undetermined: 100],
        ])
    }

    @Test func detectorCategories() {
        let beats = SyntheticECG.beats(times: (0..<40).map { Double($0) * 0.8 }, labels: ["N", "V"])
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: true)
        #expect(RhythmEpisodeScoring.Category(rhythm: rhythm) == .bigeminy)
        let sinus = RhythmClassifier.classify(beats: SyntheticECG.beats(times: (0..<40).map { Double($0) }, labels: ["N"]), pWavesPresent: true)
        #expect(RhythmEpisodeScoring.Category(rhythm: sinus) == .sinus)
    }
}
