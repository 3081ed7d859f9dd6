import Testing
@testable import ECGAnalysis

@Suite struct SignalQualityTests {
    let rate = 360.0

    func ecg(duration: Double = 30) -> [Float] {
        let times = SyntheticECG.regularTimes(bpm: 70, duration: duration)
        return SyntheticECG.signal(
            duration: duration, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.01)
    }

    @Test func cleanSignalIsGood() throws {
        let x = ecg()
        let screen = try SignalQualityCheck.screen(x, sampleRate: rate)
        let quality = try SignalQualityCheck.assess(x, sampleRate: rate, screen: screen, beatCount: 35)
        #expect(quality.status == .good && quality.issues.isEmpty)
        #expect(quality.clippedFraction == 0 && quality.flatFraction == 0)
        #expect((quality.highFrequencyRatio ?? 1) < 0.1)
    }

    @Test func clippingIsAnIssueThenAFailure() throws {
        // Clip the R peaks: a few percent of samples sit at the ceiling.
        let clipped = ecg().map { min($0, 0.6) }
        let screen = try SignalQualityCheck.screen(clipped, sampleRate: rate)
        #expect(screen.clipped > 0.01)
        let quality = try SignalQualityCheck.assess(clipped, sampleRate: rate, screen: screen, beatCount: 35)
        #expect(quality.issues.contains { $0.hasPrefix("clipped samples") } && quality.status == .acceptable)
        // A rail-to-rail square wave is clipped almost everywhere.
        let square = (0..<(20 * 360)).map { Float(($0 / 90) % 2 == 0 ? 1 : -1) }
        #expect(throws: ECGAnalysisError.self) { try SignalQualityCheck.screen(square, sampleRate: rate) }
    }

    @Test func mostlyFlatLeadIsRejected() {
        var x = ecg()
        for i in 0..<(20 * 360) { x[i] = 0.1 }
        #expect(throws: ECGAnalysisError.unanalysableSignal("the signal is flat in 66 % of its seconds")) {
            try SignalQualityCheck.screen(x, sampleRate: rate)
        }
    }

    @Test func implausibleBeatCountWithoutNoiseIsAnIssue() throws {
        let x = ecg()
        let screen = try SignalQualityCheck.screen(x, sampleRate: rate)
        let quality = try SignalQualityCheck.assess(x, sampleRate: rate, screen: screen, beatCount: 5)
        #expect(quality.issues.contains { $0.hasPrefix("implausible beat rate") })
        #expect(throws: ECGAnalysisError.unanalysableSignal("no heartbeats could be detected")) {
            try SignalQualityCheck.assess(x, sampleRate: rate, screen: screen, beatCount: 1)
        }
    }
}
