import Foundation
import Testing
@testable import ECGAnalysis

@Suite("R-peak detection")
struct RPeakDetectorTests {
    private func referenceBeats() throws -> [Int] {
        try WFDBAnnotationReader.read(path: SignalFixtures.path("mitdb100_212.atr")).filter(\.isBeat).map(\.sample)
    }

    @Test func findsEveryAnnotatedBeatOfTheExcerpt() throws {
        let (samples, rate) = try SignalFixtures.excerptLead()
        let reference = try referenceBeats()
        let detected = RPeakDetector(sampleRate: rate).detect(samples)
        let result = BeatMatcher.match(reference: reference, detected: detected, tolerance: Int(0.15 * rate))
        #expect(result == BeatMatchResult(truePositives: reference.count))
        // Refinement lands on the annotated R apex, not just near it.
        let comparison = zip(reference, detected.suffix(reference.count)).map { abs($0 - $1) }.max() ?? 99
        #expect(comparison <= 3)
        #expect(detected == detected.sorted())
    }

    @Test func worksAtOtherSampleRates() throws {
        let (samples, rate) = try SignalFixtures.excerptLead()
        let reference = try referenceBeats()
        for target in [250.0, 500.0, 128.0] {
            let resampled = SignalFilters.resample(samples, from: rate, to: target)
            let scaled = reference.map { Int((Double($0) * target / rate).rounded()) }
            let detected = RPeakDetector(sampleRate: target).detect(resampled)
            let result = BeatMatcher.match(reference: scaled, detected: detected, tolerance: Int(0.15 * target))
            #expect(result == BeatMatchResult(truePositives: reference.count), "at \(target) Hz")
        }
    }

    @Test func invertedLeadIsDetectedAndFlagged() throws {
        let (samples, rate) = try SignalFixtures.excerptLead()
        let inverted = samples.map { -$0 }
        let detected = RPeakDetector(sampleRate: rate).detect(inverted)
        let reference = try referenceBeats()
        #expect(BeatMatcher.match(reference: reference, detected: detected, tolerance: 54).falseNegatives == 0)
        #expect(SignalPolarity.estimate(inverted, sampleRate: rate, peaks: detected) == .inverted)
        #expect(SignalPolarity.estimate(samples, sampleRate: rate, peaks: detected) == .upright)
        #expect(SignalPolarity.inverted.corrected(inverted) == samples)
    }

    /// A recording whose QRS amplitude drops 16-fold (gain, electrode or patient change): the levels carried over
    /// reject every smaller QRS until the detector learns them again after `relearnSeconds` without a QRS.
    @Test func learnsLevelsAgainAfterAnAmplitudeDrop() throws {
        let (samples, rate) = try SignalFixtures.excerptLead()
        let reference = try referenceBeats()
        let loud = samples.map { 4 * $0 }, quiet = samples.map { 0.25 * $0 }
        let x = loud + loud + loud + quiet + quiet + quiet + quiet
        let n = samples.count
        let detected = RPeakDetector(sampleRate: rate).detect(x)
        // The last 20 s, well after the drop plus the re-learning stretch: every reference beat is found.
        for repeatIndex in 5..<7 {
            let offset = repeatIndex * n
            let part = detected.filter { $0 >= offset && $0 < offset + n }.map { $0 - offset }
            let result = BeatMatcher.match(reference: reference, detected: part, tolerance: Int(0.15 * rate))
            #expect(result.falseNegatives == 0, "repeat \(repeatIndex): \(result)")
            #expect(result.falsePositives <= 1, "repeat \(repeatIndex): \(result)")
        }
        // Block by block, the same peaks.
        for chunk in [3600, 7200] {
            var stream = RPeakStream(sampleRate: rate, totalSamples: x.count)
            var start = 0
            while start < x.count {
                let core = start..<min(x.count, start + chunk)
                let block = max(0, core.lowerBound - 1800)..<min(x.count, core.upperBound + 1800)
                stream.consume(Array(x[block]), offset: block.lowerBound, core: core)
                start = core.upperBound
            }
            #expect(stream.finish() == detected, "chunk \(chunk)")
        }
    }

    @Test func degenerateInputsGiveNoPeaks() {
        let detector = RPeakDetector(sampleRate: 360)
        #expect(detector.detect([]) == [])
        #expect(detector.detect([Float](repeating: 0, count: 3600)) == [])
        #expect(detector.detect([Float](repeating: 1, count: 100)) == [])
        var withNaN = [Float](repeating: 0, count: 3600)
        withNaN[10] = .nan
        #expect(detector.detect(withNaN) == [])
        #expect(RPeakDetector(sampleRate: 0).detect([1, 2, 3]) == [])
        #expect(RPeakDetector(sampleRate: -.infinity).detect([1, 2, 3]) == [])
        #expect(RPeakDetector(sampleRate: 1e300).detect([Float](repeating: 1, count: 4000)) == [])
        #expect(RPeakDetector(sampleRate: 360).detect([Float](repeating: 1e30, count: 4000)).count <= 4000 / 82)
    }

    @Test func noiseOnlyInputStaysBounded() {
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<3600).map { _ in Float.random(in: -0.05...0.05, using: &generator) }
        let peaks = RPeakDetector(sampleRate: 360).detect(noise)
        // Whatever it finds, it respects the refractory period.
        #expect(zip(peaks, peaks.dropFirst()).allSatisfy { $1 - $0 >= Int(0.23 * 360) })
    }
}

@Suite("Beat matching")
struct BeatMatchingTests {
    @Test func matchesOneToOneClosestFirst() {
        // Two detections near reference 100: the closer one matches, the other is a false positive.
        let result = BeatMatcher.match(reference: [100, 400], detected: [90, 98, 700], tolerance: 20)
        #expect(result == BeatMatchResult(truePositives: 1, falseNegatives: 1, falsePositives: 2))
        #expect(result.sensitivity == 0.5)
        #expect(abs(result.positivePredictivity - 1.0 / 3) < 1e-12)
    }

    @Test func toleranceIsInclusive() {
        #expect(BeatMatcher.match(reference: [100], detected: [120], tolerance: 20).truePositives == 1)
        #expect(BeatMatcher.match(reference: [100], detected: [121], tolerance: 20).truePositives == 0)
    }

    @Test func detectionsInFlutterEpisodesAreNotCounted() {
        let annotations = [
            WFDBAnnotation(sample: 10, symbol: "N"), WFDBAnnotation(sample: 50, symbol: "["),
            WFDBAnnotation(sample: 60, symbol: "!"), WFDBAnnotation(sample: 90, symbol: "]"),
            WFDBAnnotation(sample: 120, symbol: "N"), WFDBAnnotation(sample: 200, symbol: "["),
        ]
        let episodes = BeatMatcher.flutterEpisodes(annotations, recordEnd: 300)
        #expect(episodes == [50...90, 200...300])
        let reference = annotations.filter(\.isBeat).map(\.sample)
        #expect(reference == [10, 120])
        let result = BeatMatcher.match(reference: reference, detected: [11, 61, 70, 119, 250], tolerance: 5, excluding: episodes)
        #expect(result == BeatMatchResult(truePositives: 2, excludedDetections: 3))
    }
}
