import Testing
@testable import ECGAnalysis

@Suite struct BeatLabelScoringTests {
    @Test func matchesNearestWithinTolerance() {
        let pairs = BeatMatcher.pairs(reference: [100, 200, 300, 400], detected: [95, 190, 210, 460], tolerance: 20)
        #expect(pairs == [0, 1, nil, nil])
        #expect(BeatMatcher.pairs(reference: [100], detected: [85, 99], tolerance: 20) == [1])
        #expect(BeatMatcher.pairs(reference: [], detected: [1, 2], tolerance: 5).isEmpty)
    }

    @Test func confusionSensitivityAndPredictivity() {
        var c = BeatLabelScoring.Confusion()
        c.add(
            reference: [(100, .normal), (200, .ventricular), (300, .normal), (400, .ventricular)],
            detected: [(101, .normal), (199, .ventricular), (302, .ventricular), (600, .ventricular)],
            tolerance: 10)
        // V: 1 of 2 found (one missed); V detections: 1 right, 1 wrong label, 1 unmatched.
        #expect(c.sensitivity(.ventricular) == 0.5)
        #expect(c.positivePredictivity(.ventricular) == 1.0 / 3)
        #expect(c.sensitivity(.normal) == 0.5 && c.positivePredictivity(.normal) == 1)
        #expect(c.missed[.ventricular] == 1 && c.extra[.ventricular] == 1)
        #expect(c.sensitivity(.fusion) == nil)
        // 2 right of 4 reference beats (the missed one counts, the unmatched detection does not).
        #expect(c.accuracy == 0.5)
        #expect(BeatLabelScoring.Confusion().accuracy == nil)
    }
}
