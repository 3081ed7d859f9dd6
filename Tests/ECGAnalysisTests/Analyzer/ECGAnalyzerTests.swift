import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct ECGAnalyzerTests {
    let rate = 360.0

    func recording(_ samples: [Float], rate: Double = 360, name: String = "MLII") -> ECGRecording {
        ECGRecording(leads: [ECGLead(name: name, samples: samples)], sampleRate: rate, sampleRateSource: .parameter, sourceFormat: "csv")
    }

    func sinus(duration: Double = 60, bpm: Double = 75, rate: Double = 360) -> (times: [Double], samples: [Float]) {
        let times = SyntheticECG.regularTimes(bpm: bpm, duration: duration)
        let x = SyntheticECG.signal(
            duration: duration, sampleRate: rate, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.02)
        return (times, x)
    }

    @Test func normalSinusRhythmEndToEnd() throws {
        let (times, x) = sinus()
        let report = try TestModel.analyzer().analyze(recording(x))
        #expect(report.beats.count == times.count)
        for (beat, t) in zip(report.beats, times) {
            #expect(abs(beat.timeS - t) < 0.03)
            #expect(beat.sample == Int((beat.timeS * rate).rounded()))
        }
        #expect(report.beatCounts["N"] == times.count && report.beatCounts["V"] == 0)
        #expect(report.rhythm.code == .sinusRhythm)
        #expect(report.delineation.pWavePresent == true)
        #expect(report.intervals.qrs.value != nil && report.intervals.qtcBazett.value != nil && report.intervals.pr.value != nil)
        #expect(abs((report.heartRate.meanBPM ?? 0) - 75) < 1)
        #expect(report.score.level == .low)
        #expect(report.quality.status == .good)
        #expect(report.doctorsNotes.hasSuffix(ReportWriter.disclaimer))
        #expect(report.diagnosis.rhythm == .sinusRhythm)
        // The synthetic T wave (σ 45 ms at +280 ms) returns to baseline about 3σ later and the QRS starts about
        // 45 ms before R: QT ≈ 440 ms at RR 800 ms.
        let qt = try #require(report.intervals.qt.value)
        #expect(abs(qt - 440) <= 25, "QT \(qt)")
        #expect(report.intervals.quality.qt.status == .reliable)
        // Every beat carries its waves, in the input's sampling.
        for beat in report.beats.dropFirst().dropLast() {
            let waves = try #require(beat.waves)
            let on = try #require(waves.qrsOnset), off = try #require(waves.qrsOffset)
            #expect(on < Double(beat.sample) && Double(beat.sample) < off)
        }
    }

    @Test func warnsWhenTheLeadIsNotTheModelsLead() throws {
        let (_, x) = sinus(duration: 20)
        let analyzer = try TestModel.analyzer()
        let v1 = try analyzer.analyze(recording(x, name: "V1"))
        #expect(v1.warnings.contains { $0.hasPrefix("the model expects lead MLII") })
        let ii = try analyzer.analyze(recording(x, name: "II"))
        #expect(!ii.warnings.contains { $0.hasPrefix("the model expects lead") })
    }

    @Test func ventricularBigeminyIsLabelledAndFound() throws {
        // N, V 0.5 s later, N 1.0 s after that: every other beat is early and wide.
        var times: [Double] = []
        var morphologies: [[SyntheticECG.Wave]] = []
        var t = 0.6
        while t < 59 {
            times.append(t); morphologies.append(SyntheticECG.normalBeat)
            times.append(t + 0.5); morphologies.append(SyntheticECG.ventricularBeat)
            t += 1.5
        }
        let x = SyntheticECG.signal(duration: 60, sampleRate: rate, rTimes: times, morphologies: morphologies, noise: 0.02)
        let report = try TestModel.analyzer().analyze(recording(x))
        #expect(report.beats.count == times.count)
        // The local RR average needs a few beats to settle; from then on early beats are V.
        let labels = report.beats.map(\.label)
        #expect((6..<labels.count).allSatisfy { labels[$0] == ($0 % 2 == 1 ? "V" : "N") }, "\(labels)")
        #expect(report.rhythm.ectopy.bigeminyEpisodes == 1)
        #expect(report.rhythm.ectopy.ventricularBurdenPct > 45)
        #expect(report.diagnosis.findings.contains { $0.contains("bigeminy") })
        #expect(report.score.components.first { $0.name == .ventricularEctopy }?.points == 20)
    }

    @Test func beatSamplesStayInTheInputSampling() throws {
        let (times, x) = sinus(duration: 30, rate: 250)
        let report = try TestModel.analyzer().analyze(recording(x, rate: 250))
        #expect(report.signal.sampleRateHz == 250 && report.signal.analysisSampleRateHz == 360)
        #expect(report.beats.count == times.count)
        for (beat, t) in zip(report.beats, times) { #expect(abs(Double(beat.sample) - t * 250) <= 5) }
    }

    @Test func chunkedBatchesGiveTheSameLabels() throws {
        let (_, x) = sinus(duration: 40)
        let analyzer = try TestModel.analyzer()
        let peaks = RPeakDetector(sampleRate: rate).detect(x)
        let prepared = analyzer.prepare(x, sampleRate: rate, peaks: peaks)
        var small = analyzer.classifier
        small.batchSize = 7
        let whole = try analyzer.classifier.classify(signal: prepared.modelInput, peaks: prepared.peaks, times: prepared.times) { _ in }
        var fractions: [Double] = []
        let chunked = try small.classify(signal: prepared.modelInput, peaks: prepared.peaks, times: prepared.times) { fractions.append($0) }
        #expect(whole.classes == chunked.classes)
        #expect(whole.probabilities == chunked.probabilities)
        #expect(fractions.count == (peaks.count + 6) / 7 && fractions.last == 1)
    }

    @Test func analysesFromManyTasksAtOnce() async throws {
        let analyzer = try TestModel.analyzer()
        let (_, x) = sinus(duration: 20)
        let input = recording(x)
        let expected = try analyzer.analyze(input).beats
        try await withThrowingTaskGroup(of: [BeatReport].self) { group in
            for _ in 0..<8 { group.addTask { try analyzer.analyze(input).beats } }
            for try await beats in group { #expect(beats == expected) }
        }
    }

    @Test func unanalysableSignalsAreTypedErrors() throws {
        let analyzer = try TestModel.analyzer()
        let (_, x) = sinus(duration: 20)
        #expect(throws: ECGAnalysisError.self) { try analyzer.analyze(recording(Array(x.prefix(3 * 360)))) }
        do {
            _ = try analyzer.analyze(recording(Array(x.prefix(3 * 360))))
        } catch let error as ECGAnalysisError {
            #expect(error.code == "unanalysable_signal" && error.description.contains("too short"))
        }
        #expect(throws: ECGAnalysisError.unanalysableSignal("the signal is flat (peak-to-peak 0.0 mV)")) {
            try analyzer.analyze(recording([Float](repeating: 0.3, count: 3600)))
        }
        var withNaN = x
        withNaN[100] = .nan
        #expect(throws: ECGAnalysisError.invalidInput("the lead contains NaN or infinite values")) {
            try analyzer.analyze(recording(withNaN))
        }
        #expect(throws: ECGAnalysisError.self) { try analyzer.analyze(recording(x), options: .init(lead: "V5")) }
        #expect(throws: ECGAnalysisError.unanalysableSignal("the sample rate 30.0 Hz is too low for ECG analysis (at least 100 Hz)")) {
            try analyzer.analyze(recording(x, rate: 30))
        }
        // White noise: beats detected at an implausible rate in a noisy trace, or none at all.
        var random = SyntheticECG.Random(state: 3)
        let noise = (0..<(20 * 360)).map { _ in Float(random.gaussian()) }
        #expect(throws: ECGAnalysisError.self) { try analyzer.analyze(recording(noise)) }
    }

    @Test func modelAndPreprocessingMismatchesAreModelFailures() throws {
        let model = try TestModel.model()
        #expect(throws: ECGAnalysisError.self) {
            try ECGAnalyzer(model: model, labels: ["N", "V"], preprocessing: TestModel.preprocessing)
        }
        var wrongWindow = TestModel.preprocessing
        wrongWindow.windowSamples = 300
        #expect(throws: ECGAnalysisError.self) { try ECGAnalyzer(model: model, labels: TestModel.labels, preprocessing: wrongWindow) }
        // Two inputs and no sidecar: the defaults cannot describe the RR input.
        #expect(throws: ECGAnalysisError.self) { try ECGAnalyzer(model: model, labels: TestModel.labels, preprocessing: nil) }
        var badBand = TestModel.preprocessing
        badBand.bandpassHz = [40, 0.5]
        #expect(throws: ECGAnalysisError.self) { try ECGAnalyzer(model: model, labels: TestModel.labels, preprocessing: badBand) }
        #expect(throws: ECGAnalysisError.self) { try ECGAnalyzer(modelPath: "/nonexistent/ecg_model.h5") }
    }

    @Test func sidecarPathAndDefaults() {
        #expect(PreprocessingSidecar.path(forModel: "Weights/ecg_model.h5").hasSuffix("Weights/ecg_model.preprocessing.json"))
        let defaults = PreprocessingSidecar.defaults(windowSamples: 360)
        #expect(defaults.rPeakIndex == 127 && defaults.sampleRateHz == 360 && defaults.rrFeatures.isEmpty)
    }

    @Test func rrFeaturesFollowTheContract() {
        let times = [0.0, 1.0, 1.5, 2.5, 3.5]
        let m = RRFeatures.matrix(times: times, features: RRFeatures.short)
        func row(_ i: Int) -> [Float] { Array(m[(i * 5)..<(i * 5 + 5)]) }
        #expect(row(0) == [1, 1, 1, 1, 1])  // first beat: pre = post
        #expect(row(2) == [0.5, 1, Float((1 + 1 + 0.5) / 3.0), Float(0.5 / ((2.5) / 3.0)), Float(1 / (2.5 / 3.0))])
        #expect(row(4)[1] == 1)  // last beat: post = pre
    }
}
