import Foundation
import Testing
@testable import ECGAnalysis

/// The committed 29 s excerpt of QT Database record sel100 (Tests/Fixtures/qtdb, see its README) with the first
/// cardiologist's marks: the whole evaluation path on real data, without the data folder.
@Suite struct QTDatabaseExcerptTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/qtdb")

    func load() throws -> (ECGRecording, [AnnotatedBeat]) {
        let recording = try ECGFileReader.read(path: Self.folder.appendingPathComponent("sel100_excerpt.hea").path)
        let annotations = try WFDBAnnotationReader.read(path: Self.folder.appendingPathComponent("sel100_excerpt.q1c").path)
        return (recording, AnnotatedBeat.beats(from: annotations, sampleRate: recording.sampleRate))
    }

    @Test func annotationsGroupIntoBeatsWithTheirWaves() throws {
        let (recording, beats) = try load()
        #expect(recording.sampleRate == 250 && recording.leads.count == 2)
        #expect(beats.count == 30)
        for beat in beats {
            let w = beat.waves
            let p = try #require(w.pPeak), on = try #require(w.qrsOnset), off = try #require(w.qrsOffset)
            let tp = try #require(w.tPeak), te = try #require(w.tOffset)
            #expect(try #require(w.pOnset) < p && p < (try #require(w.pOffset)))
            #expect(on < Double(beat.qrsPeak) && Double(beat.qrsPeak) < off && off < tp && tp < te)
            #expect(w.tOffset! - w.qrsOnset! > 80 && w.tOffset! - w.qrsOnset! < 140)  // QT 320-560 ms
        }
    }

    @Test func delineationMatchesTheCardiologist() throws {
        let (recording, reference) = try load()
        let rate = recording.sampleRate
        let leads = recording.leads.map { (name: $0.name, samples: MultiLeadDelineation.measurementBand($0.samples, sampleRate: rate)) }
        let peaks = RPeakDetector(sampleRate: rate).detect(recording.leads[0].samples)
        let delineation = MultiLeadDelineation.delineate(leads: leads, sampleRate: rate, rPeaks: peaks)
        let score = DelineationScoring.score(reference: reference, rPeaks: peaks, delineation: delineation, sampleRate: rate)
        #expect(score.matchedBeats == 30)
        // Every QRS bound and T peak found, within a few samples on average; QT as the cardiologist's.
        for point in [Fiducial.qrsOnset, .qrsOffset, .tPeak, .tOffset] {
            let errors = try #require(score.single[point])
            #expect(errors.detected >= 28, "\(point.rawValue): \(errors.detected) of \(errors.annotated)")
            let stats = try #require(DelineationScoring.meanSD(errors.errorsMs))
            #expect(abs(stats.mean) < 20 && stats.sd < 30, "\(point.rawValue): \(stats)")
        }
        let qt = try #require(score.intervals[.qt])
        let detected = HeartRateAnalysis.median(qt.map(\.detected)), annotated = HeartRateAnalysis.median(qt.map(\.annotated))
        #expect(abs(detected - annotated) <= 20, "QT \(detected) vs \(annotated)")
        // The best-lead figure can only be as good or better than the single output.
        for point in Fiducial.allCases {
            #expect((score.bestLead[point]?.detected ?? 0) >= (score.single[point]?.detected ?? 0))
        }
    }

    @Test func scoringCountsMissesAndBestLead() {
        let reference = [AnnotatedBeat(qrsPeak: 100, waves: BeatWaves(qrsOnset: 90, qrsOffset: 110, tOffset: 190))]
        let lead0 = [BeatWaves(qrsOnset: 92, qrsOffset: 108)]
        let lead1 = [BeatWaves(qrsOnset: 89, qrsOffset: 112, tOffset: 300)]
        let delineation = MultiLeadDelineation(
            leads: ["a", "b"], perLead: [lead0, lead1], combined: [BeatWaves(qrsOnset: 89, qrsOffset: 112)], contributions: [[0, 1]])
        let score = DelineationScoring.score(reference: reference, rPeaks: [101], delineation: delineation, sampleRate: 250)
        #expect(score.single[.qrsOnset]?.errorsMs == [-4])
        #expect(score.bestLead[.qrsOnset]?.errorsMs == [-4])
        #expect(score.bestLead[.qrsOffset]?.errorsMs == [-8])
        // T end 110 samples (440 ms) off: outside the 150 ms window, so not detected.
        #expect(score.bestLead[.tOffset]?.annotated == 1 && score.bestLead[.tOffset]?.detected == 0)
        let unmatched = DelineationScoring.score(reference: reference, rPeaks: [200], delineation: delineation, sampleRate: 250)
        #expect(unmatched.matchedBeats == 0 && unmatched.single[.qrsOnset]?.annotated == 1)
    }
}
