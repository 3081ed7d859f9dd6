import Testing
@testable import ECGAnalysis

/// A second annotator scored against the first with the delineator's protocol (`DelineationScoring`).
@Suite struct ObserverScoringTests {
    let rate = 250.0

    /// Reference beats every second at 250 Hz: QRS 40 ms before to 60 ms after the peak, T end 400 ms after.
    func reference(count: Int = 4) -> [AnnotatedBeat] {
        (0..<count).map { n in
            let peak = 250 + 250 * n
            return AnnotatedBeat(qrsPeak: peak, waves: BeatWaves(
                qrsOnset: Double(peak - 10), qrsOffset: Double(peak + 15), tPeak: Double(peak + 70),
                tOffset: Double(peak + 100)))
        }
    }

    /// `beats` with `point` moved by `offset` samples.
    func moving(_ beats: [AnnotatedBeat], _ point: Fiducial, by offset: Double) -> [AnnotatedBeat] {
        beats.map { beat in
            var moved = beat
            moved.waves[point] = beat.waves[point].map { $0 + offset }
            return moved
        }
    }

    @Test func constantLagGivesItsMeanAndNoSpread() throws {
        // QRS offsets 2 samples (8 ms) later, QRS peaks 3 samples off: every beat still matches.
        let observer = moving(reference(), .qrsOffset, by: 2).map { AnnotatedBeat(qrsPeak: $0.qrsPeak + 3, waves: $0.waves) }
        let score = DelineationScoring.score(reference: reference(), observer: observer, sampleRate: rate)
        #expect(score.annotatedBeats == 4 && score.matchedBeats == 4)
        let offsets = try #require(score.single[.qrsOffset])
        #expect(offsets.annotated == 4 && offsets.detected == 4)
        let stats = try #require(DelineationScoring.meanSD(offsets.errorsMs))
        #expect(stats.mean == 8 && stats.sd == 0)
        #expect(score.single[.qrsOnset]?.errorsMs == [0, 0, 0, 0])
        // The QRS duration per beat: 8 ms longer for the observer.
        #expect(score.intervals[.qrs]?.map { $0.detected - $0.annotated } == [8, 8, 8, 8])
        // No leads: no best-lead figure, no per-lead errors.
        #expect(score.bestLead.isEmpty)
        #expect(score.points.allSatisfy { $0.leads.isEmpty })
    }

    @Test func aMissedBeatIsAnnotatedButNotDetected() throws {
        let observer = Array(reference().dropLast())
        let score = DelineationScoring.score(reference: reference(), observer: observer, sampleRate: rate)
        #expect(score.annotatedBeats == 4 && score.matchedBeats == 3)
        for point in [Fiducial.qrsOnset, .qrsOffset, .tPeak, .tOffset] {
            let errors = try #require(score.single[point])
            #expect(errors.annotated == 4 && errors.detected == 3 && errors.errorsMs == [0, 0, 0])
        }
        // P waves are not marked by either: nothing annotated.
        #expect(score.single[.pOnset]?.annotated == 0)
    }

    @Test func beatsAndPointsBeyondTheToleranceDoNotCount() throws {
        // T ends 38 samples (152 ms) later: past the 150 ms window; 37 samples (148 ms): within.
        let late = DelineationScoring.score(reference: reference(), observer: moving(reference(), .tOffset, by: 38), sampleRate: rate)
        #expect(late.single[.tOffset]?.annotated == 4 && late.single[.tOffset]?.detected == 0)
        #expect(late.single[.qrsOnset]?.detected == 4)
        let justIn = DelineationScoring.score(reference: reference(), observer: moving(reference(), .tOffset, by: 37), sampleRate: rate)
        #expect(justIn.single[.tOffset]?.errorsMs == [148, 148, 148, 148])
        // An observer beat 38 samples from the reference QRS peak matches no beat.
        let shifted = reference().map { AnnotatedBeat(qrsPeak: $0.qrsPeak + 38, waves: $0.waves) }
        let unmatched = DelineationScoring.score(reference: reference(), observer: shifted, sampleRate: rate)
        #expect(unmatched.matchedBeats == 0 && unmatched.single[.qrsOnset]?.annotated == 4)
        #expect(DelineationScoring.sharedBeats(reference: reference(), observer: shifted, sampleRate: rate).isEmpty)
    }

    @Test func observerOrderDoesNotMatterAndSharedBeatsAreTheMatchedOnes() {
        let reference = reference()
        let observer = [reference[2], reference[0]]
        let score = DelineationScoring.score(reference: reference, observer: observer, sampleRate: rate)
        #expect(score.matchedBeats == 2 && score.single[.tOffset]?.errorsMs == [0, 0])
        #expect(DelineationScoring.sharedBeats(reference: reference, observer: observer, sampleRate: rate)
            == [reference[0], reference[2]])
    }

    /// Points the observer never marks (the QT Database's second cardiologist marks no P waves) are not compared,
    /// neither for the observer nor on the shared beats another method is scored on.
    @Test func pointsTheObserverNeverMarksAreLeftOut() {
        let withP = reference().map { beat in
            var marked = beat
            marked.waves.pOnset = Double(beat.qrsPeak - 40)
            return marked
        }
        let score = DelineationScoring.score(reference: withP, observer: reference(), sampleRate: rate)
        #expect(score.single[.pOnset]?.annotated == 0)
        #expect(score.single[.qrsOnset]?.annotated == 4 && score.single[.qrsOnset]?.detected == 4)
        let shared = DelineationScoring.sharedBeats(reference: withP, observer: reference(), sampleRate: rate)
        #expect(shared == reference())
        // An observer that marks P waves keeps them.
        #expect(DelineationScoring.score(reference: withP, observer: withP, sampleRate: rate).single[.pOnset]?.detected == 4)
    }

    @Test func delineatorScoringKeepsItsBestLead() {
        // The refactored loop still fills the per-lead figures for a delineation.
        let beat = AnnotatedBeat(qrsPeak: 100, waves: BeatWaves(qrsOnset: 90))
        let delineation = MultiLeadDelineation(
            leads: ["a", "b"], perLead: [[BeatWaves(qrsOnset: 93)], [BeatWaves(qrsOnset: 89)]],
            combined: [BeatWaves(qrsOnset: 93)], contributions: [[0, 1]])
        let score = DelineationScoring.score(reference: [beat], rPeaks: [100], delineation: delineation, sampleRate: rate)
        #expect(score.single[.qrsOnset]?.errorsMs == [12])
        #expect(score.bestLead[.qrsOnset]?.errorsMs == [-4])
        #expect(score.bestLead[.pOnset]?.annotated == 0)
        #expect(score.points.first?.leads == [12, -4])
    }
}
