import Foundation
import Testing
@testable import ECGAnalysis

/// The chunked pipeline against the whole-lead pipeline on recordings that fit in memory.
@Suite struct StreamingAnalysisTests {
    let rate = 360.0

    /// 3 minutes, two leads: sinus at 75 bpm with early wide beats, a 2.6 s pause, and 40 s of irregular rhythm
    /// with fibrillatory waves; an inverted, scaled copy as the second lead.
    func recording(duration: Double = 180) -> ECGRecording {
        var times: [Double] = []
        var morphologies: [[SyntheticECG.Wave]] = []
        var t = 0.5
        var beat = 0
        while t < duration - 1 {
            let irregular = t > 90 && t < 130
            times.append(t)
            let early = !irregular && beat % 9 == 4
            morphologies.append(early ? SyntheticECG.ventricularBeat : irregular ? SyntheticECG.beatWithoutP : SyntheticECG.normalBeat)
            beat += 1
            if irregular {
                t += 0.45 + 0.5 * Double((beat * 7919) % 97) / 97
            } else if beat % 9 == 4 {
                t += 0.5
            } else if beat == 60 {
                t += 2.6
            } else {
                t += beat % 9 == 5 ? 1.1 : 0.8
            }
        }
        let mlii = SyntheticECG.signal(
            duration: duration, sampleRate: rate, rTimes: times, morphologies: morphologies, noise: 0.02)
        let af = SyntheticECG.signal(
            duration: duration, sampleRate: rate, rTimes: [], morphologies: [], noise: 0, fibrillation: 0.08)
        var lead = mlii
        for i in lead.indices where Double(i) / rate > 90 && Double(i) / rate < 130 { lead[i] += af[i] }
        let v5 = lead.map { -0.6 * $0 }
        return ECGRecording(
            leads: [ECGLead(name: "MLII", samples: lead), ECGLead(name: "V5", samples: v5)], sampleRate: rate,
            sampleRateSource: .file, sourceFormat: "wfdb")
    }

    /// Largest difference between the two beat lists' wave points (samples); infinity when a point is found in one
    /// list only.
    static func largestWaveDifference(_ a: [BeatReport], _ b: [BeatReport]) -> Double {
        guard a.count == b.count else { return .infinity }
        var worst = 0.0
        for (x, y) in zip(a, b) {
            guard let u = x.waves, let v = y.waves else {
                if (x.waves == nil) != (y.waves == nil) { return .infinity }
                continue
            }
            for point in Fiducial.allCases {
                switch (u[point], v[point]) {
                case (nil, nil): continue
                case (let p?, let q?): worst = max(worst, abs(p - q))
                default: return .infinity
                }
            }
        }
        return worst
    }

    func chunked(chunk: Double, margin: Double = 30, segment: Double = 7200, batch: Int = 256) -> AnalysisOptions {
        var options = AnalysisOptions()
        options.chunking = ChunkingParameters(
            wholeSignalLimit: 0, chunkSeconds: chunk, marginSeconds: margin, segmentSeconds: segment,
            modelBatchBeats: batch)
        return options
    }

    @Test func streamedRPeaksEqualOnePass() throws {
        let x = recording().leads[0].samples
        let whole = RPeakDetector(sampleRate: rate).detect(x)
        #expect(whole.count > 150)
        for (chunk, margin) in [(3600, 3600), (3600, 1800), (7200, 1800), (36000, 3600)] {
            var stream = RPeakStream(sampleRate: rate, totalSamples: x.count)
            var start = 0
            while start < x.count {
                let core = start..<min(x.count, start + chunk)
                let block = max(0, core.lowerBound - margin)..<min(x.count, core.upperBound + margin)
                stream.consume(Array(x[block]), offset: block.lowerBound, core: core)
                start = core.upperBound
            }
            #expect(stream.finish() == whole, "chunk \(chunk), margin \(margin)")
        }
    }

    @Test func chunkedAnalysisEqualsWholeAnalysis() throws {
        let analyzer = try TestModel.analyzer()
        let input = recording()
        let whole = try analyzer.analyze(input)
        // The 60-s chunks hold more beats than one model batch of 16.
        for (chunk, batch) in [(10.0, 256), (25.0, 256), (60.0, 16)] {
            let streamed = try analyzer.analyze(input, options: chunked(chunk: chunk, batch: batch))
            #expect(streamed.beats.map(\.sample) == whole.beats.map(\.sample), "chunk \(chunk) s")
            #expect(streamed.beats.map(\.label) == whole.beats.map(\.label))
            for (a, b) in zip(streamed.beats, whole.beats) { #expect(abs(a.probability - b.probability) < 1e-4) }
            // Wave points are interpolated between samples: the same points, to within float rounding.
            let waveDifference = Self.largestWaveDifference(streamed.beats, whole.beats)
            #expect(waveDifference < 1e-3, "chunk \(chunk) s: \(waveDifference)")
            #expect(streamed.beatCounts == whole.beatCounts)
            #expect(streamed.heartRate == whole.heartRate)
            #expect(streamed.hrv == whole.hrv)
            #expect(streamed.rhythm == whole.rhythm)
            #expect(streamed.intervals == whole.intervals)
            #expect(streamed.quality == whole.quality)
            #expect(streamed.signal == whole.signal)
            #expect(streamed.diagnosis == whole.diagnosis)
            #expect(streamed.doctorsNotes == whole.doctorsNotes)
            #expect(streamed.warnings == whole.warnings)
        }
        // The recording has what the comparison should exercise.
        #expect((whole.beatCounts["V"] ?? 0) >= 5)
        #expect(whole.rhythm.pauses.count >= 1)
        #expect(whole.beats.count > 150)
    }

    /// A model that calls the beat before each early beat V (post_rr_ratio < 0.8): those beats are on time and of the
    /// normal shape, so the dominant-beat check reads them as N, whole, chunked, and segment by segment.
    @Test func theDominantBeatCheckReadsTheSameBeatsInEveryPipeline() throws {
        let analyzer = try ECGAnalyzer(
            model: TestModel.model(decidingColumn: 4), labels: TestModel.labels, preprocessing: TestModel.preprocessing,
            fileName: "post_rr_model.h5")
        let input = recording()
        let whole = try analyzer.analyze(input)
        let overruled = whole.beats.filter { $0.modelLabel == "V" }
        #expect(overruled.count >= 10 && overruled.allSatisfy { $0.label == "N" })
        // The early wide beats that follow them are not made V by this model, and no V label is left on a normal beat.
        #expect((whole.beatCounts["V"] ?? 0) < overruled.count)
        for options in [chunked(chunk: 10), chunked(chunk: 10, segment: 30)] {
            let streamed = try analyzer.analyze(input, options: options)
            #expect(streamed.beats.filter { $0.modelLabel == "V" }.map(\.sample) == overruled.map(\.sample))
            #expect(streamed.beats.map(\.label) == whole.beats.map(\.label))
            #expect(streamed.beatReading == whole.beatReading)
        }
        #expect(whole.beatReading.ventricularReadAsNormal == overruled.count)
        #expect(whole.beatReading.shapeLeads == input.leads.map(\.name) && whole.beatReading.modelLead == input.leads[0].name)
    }

    /// A model reading template features: the chunked pipeline builds the same templates block by block.
    @Test func templateFeaturesAreTheSameChunked() throws {
        let analyzer = try ECGAnalyzer(
            model: TestModel.model(rrCount: 13, decidingColumn: 8), labels: TestModel.labels,
            preprocessing: TestModel.templatePreprocessing, fileName: "template_model.h5")
        let input = recording()
        let whole = try analyzer.analyze(input)
        for (chunk, batch) in [(10.0, 256), (60.0, 16)] {
            let streamed = try analyzer.analyze(input, options: chunked(chunk: chunk, batch: batch))
            #expect(streamed.beats.map(\.sample) == whole.beats.map(\.sample), "chunk \(chunk) s")
            #expect(streamed.beats.map(\.label) == whole.beats.map(\.label))
            for (a, b) in zip(streamed.beats, whole.beats) { #expect(abs(a.probability - b.probability) < 1e-3) }
        }
        // The wide beats differ from the recording's dominant beat: the model (V when template_corr < 0.8) finds them.
        #expect((whole.beatCounts["V"] ?? 0) >= 5)
        #expect((whole.beatCounts["N"] ?? 0) > 100)
    }

    @Test func invertedLeadIsDetectedChunkByChunk() throws {
        let analyzer = try TestModel.analyzer()
        var input = recording(duration: 60)
        input.leads.swapAt(0, 1)
        input.leads[0].name = "MLII"
        input.leads[1].name = "V5"
        let whole = try analyzer.analyze(input)
        let streamed = try analyzer.analyze(input, options: chunked(chunk: 10))
        #expect(whole.signal.polarityInverted)
        #expect(streamed.signal == whole.signal)
        #expect(streamed.beats.map(\.sample) == whole.beats.map(\.sample))
        #expect(streamed.beats.map(\.label) == whole.beats.map(\.label))
    }

    @Test func resampledInputGivesTheSameBeats() throws {
        // 250 Hz input: the model's 360 Hz signal is resampled block by block on the resampler's grid.
        let analyzer = try TestModel.analyzer()
        let times = SyntheticECG.regularTimes(bpm: 70, duration: 60)
        let x = SyntheticECG.signal(
            duration: 60, sampleRate: 250, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.02)
        let input = ECGRecording(leads: [ECGLead(name: "II", samples: x)], sampleRate: 250, sampleRateSource: .parameter, sourceFormat: "csv")
        let whole = try analyzer.analyze(input)
        let streamed = try analyzer.analyze(input, options: chunked(chunk: 12))
        #expect(streamed.beats.map(\.sample) == whole.beats.map(\.sample))
        #expect(streamed.beats.map(\.label) == whole.beats.map(\.label))
        #expect(Self.largestWaveDifference(streamed.beats, whole.beats) < 1e-3)
        #expect(streamed.heartRate == whole.heartRate && streamed.rhythm.code == whole.rhythm.code)
    }

    @Test func severalSegmentsKeepBeatsHeartRateAndRhythm() throws {
        let analyzer = try TestModel.analyzer()
        let input = recording()
        let whole = try analyzer.analyze(input)
        let segmented = try analyzer.analyze(input, options: chunked(chunk: 20, segment: 60))
        #expect(segmented.beats.map(\.sample) == whole.beats.map(\.sample))
        #expect(segmented.beats.map(\.label) == whole.beats.map(\.label))
        #expect(segmented.heartRate == whole.heartRate)
        #expect(segmented.hrv == whole.hrv)
        #expect(segmented.rhythm.pauses == whole.rhythm.pauses)
        #expect(segmented.rhythm.ventricularRuns == whole.rhythm.ventricularRuns)
        #expect(segmented.rhythm.ectopy == whole.rhythm.ectopy)
        // Every beat is delineated, positions in the input's sampling near its R peak.
        let delineated = segmented.beats.filter { $0.waves?.qrsOnset != nil }
        #expect(delineated.count > segmented.beats.count * 9 / 10)
        for beat in delineated { #expect(abs(beat.waves!.qrsOnset! - Double(beat.sample)) < 0.2 * rate) }
        #expect(segmented.intervals.qrs.value != nil)
    }

    @Test func badInputIsATypedError() throws {
        let analyzer = try TestModel.analyzer()
        var input = recording(duration: 60)
        input.leads[0].samples[12_000] = .nan
        #expect(throws: ECGAnalysisError.self) { try analyzer.analyze(input, options: chunked(chunk: 10)) }
        let flat = ECGRecording(
            leads: [ECGLead(name: "II", samples: [Float](repeating: 0.1, count: 36_000))], sampleRate: rate,
            sampleRateSource: .file, sourceFormat: "csv")
        #expect(throws: ECGAnalysisError.self) { try analyzer.analyze(flat, options: chunked(chunk: 10)) }
    }

    @Test func chunkPlanTilesTheRecordingOnTheGrid() {
        let plan = ChunkPlan(
            sampleCount: 100_003, sampleRate: 250, alignment: 75,
            parameters: ChunkingParameters(chunkSeconds: 11, marginSeconds: 3, segmentSeconds: 100))
        let cores = plan.cores
        #expect(cores.first?.lowerBound == 0 && cores.last?.upperBound == 100_003)
        for (a, b) in zip(cores, cores.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        for core in cores {
            #expect(core.lowerBound % 75 == 0 && plan.block(core).lowerBound % 75 == 0)
            #expect(plan.block(core).lowerBound <= core.lowerBound && plan.block(core).upperBound >= core.upperBound)
        }
        #expect(plan.segments.allSatisfy { $0.lowerBound % plan.chunk == 0 })
        #expect(ChunkPlan.indices(of: 10..<20, in: [1, 10, 15, 20, 30]) == 1..<3)
    }
}
