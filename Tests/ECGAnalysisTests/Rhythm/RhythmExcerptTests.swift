import Foundation
import Testing
@testable import ECGAnalysis

/// Real excerpts (Tests/Fixtures/rhythm, see its README) through the whole analysis with the bundled model: the name
/// and the evidence it rests on.
@Suite struct RhythmExcerptTests {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/rhythm")

    func rhythm(_ name: String) throws -> RhythmAssessment {
        try ECGAnalyzer().analyze(path: Self.folder.appendingPathComponent(name + ".hea").path).rhythm
    }

    @Test func mitbihAtrialFibrillation() throws {
        let r = try rhythm("mitdb201_af")
        #expect(r.code == .atrialFibrillation, "\(r.rule)")
        #expect(r.evidence.pWaveOnMedianBeat == false)
        #expect((r.evidence.rrIrregularity.normalisedRMSSD ?? 0) >= RhythmClassifier.irregularNRMSSD)
        #expect(r.evidence.beats > 30 && r.episodes.count == 1 && r.afBurdenPct > 90)
    }

    @Test func mitbihTwoToOneAVBlock() throws {
        let r = try rhythm("mitdb231_2to1")
        #expect(r.code == .secondDegreeAVBlock2To1, "\(r.rule)")
        let blocked = try #require(r.evidence.blockedPWaves)
        #expect(blocked.pairs >= 15 && blocked.fraction >= RhythmClassifier.blockedPFraction)
        #expect((r.evidence.rateBPM ?? 0) < 40 && r.evidence.pWaveRatio == 1)
    }

    @Test func ptbxlAtrialFlutter() throws {
        let r = try rhythm("ptbxl00018_flutter")
        #expect(r.code == .atrialFlutter, "\(r.rule)")
        let flutter = try #require(r.evidence.flutterWaves)
        #expect(flutter.frequencyHz >= 4 && flutter.frequencyHz <= 5.5)  // 240-330 atrial waves per minute
        #expect(flutter.organisation >= RhythmClassifier.flutterOrganisation)
        #expect(r.afBurdenPct == 0)
    }
}
