import Foundation
import Testing
@testable import ECGAnalysis

/// The second input of a template-feature model against the training code's values on a real excerpt
/// (Tests/Fixtures/beats/mitdb201_template.json, written by tools/train/make_template_fixture.py; see its README).
@Suite struct TemplateFeaturesTests {
    struct Fixture: Decodable {
        var sampleRateHz: Double
        var windowSamples: Int
        var rPeakIndex: Int
        var context: RecordingContext
        var featureNames: [String]
        var signalUv: [Int]
        var peaks: [Int]
        var labels: [String]
        var features: [[Float]]

        enum CodingKeys: String, CodingKey {
            case sampleRateHz = "sample_rate_hz", windowSamples = "window_samples", rPeakIndex = "r_peak_index"
            case context, featureNames = "feature_names", signalUv = "signal_uv", peaks, labels, features
        }
    }

    static func fixture() throws -> Fixture {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/beats/mitdb201_template.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    /// A classifier whose sidecar lists the fixture's features (the model itself is not run here).
    static func classifier(_ f: Fixture) throws -> BeatClassifier {
        var p = PreprocessingSidecar.defaults(windowSamples: f.windowSamples)
        p.format = PreprocessingSidecar.contextFormatName
        p.rPeakIndex = f.rPeakIndex
        p.rrFeatures = f.featureNames
        p.context = f.context
        p.inputs = ["beat_window", "rr_features"]
        try p.validate()
        return BeatClassifier(
            model: try TestModel.model(rrCount: f.featureNames.count, decidingColumn: 8), labels: TestModel.labels,
            preprocessing: p)
    }

    /// Every beat's row, as the classifier would feed it to the model.
    static func rows(_ f: Fixture, _ classifier: BeatClassifier, templates: BeatTemplates?) -> [Float] {
        let signal = f.signalUv.map { Float($0) / 1000 }
        let times = f.peaks.map { Double($0) / f.sampleRateHz }
        var rows = classifier.rrMatrix(times: times)
        let k = f.featureNames.count
        let columns = classifier.templateColumns
        let context = f.context
        let qrs = TemplateFeatures.region(context.qrsRegionS, rIndex: f.rPeakIndex, window: f.windowSamples, sampleRate: f.sampleRateHz)
        let pWave = TemplateFeatures.region(context.pRegionS, rIndex: f.rPeakIndex, window: f.windowSamples, sampleRate: f.sampleRateHz)
        var windows = [Float](repeating: 0, count: f.peaks.count * f.windowSamples)
        BeatWindows.fill(&windows, signal: signal, peaks: f.peaks[...], window: f.windowSamples, rIndex: f.rPeakIndex, normalisation: .windowZScore)
        windows.withUnsafeBufferPointer { buffer in
            for i in f.peaks.indices {
                guard let template = templates?.template(at: times[i]) else { continue }
                let values = TemplateFeatures.values(
                    window: UnsafeBufferPointer(rebasing: buffer[(i * f.windowSamples)..<((i + 1) * f.windowSamples)]),
                    peakToPeak: BeatWindows.peakToPeak(signal: signal, r: f.peaks[i], window: f.windowSamples, rIndex: f.rPeakIndex),
                    template: template.window, amplitude: template.amplitude, qrs: qrs, pWave: pWave)
                for (j, feature) in columns { rows[i * k + j] = Float(values[feature]) }
            }
        }
        return rows
    }

    @Test func excerptMatchesTraining() throws {
        let f = try Self.fixture()
        let classifier = try Self.classifier(f)
        #expect(classifier.needsTemplates && classifier.templateColumns.count == 5)
        let signal = f.signalUv.map { Float($0) / 1000 }
        let times = f.peaks.map { Double($0) / f.sampleRateHz }
        let templates = try #require(classifier.templates(signal: signal, peaks: f.peaks, times: times))
        #expect(templates.blocks.count == 6)  // 60 s in 10-s blocks
        let rows = Self.rows(f, classifier, templates: templates)
        let k = f.featureNames.count
        #expect(rows.count == f.peaks.count * k)
        guard rows.count == f.peaks.count * k else { return }
        var worst: Float = 0
        for (i, expected) in f.features.enumerated() {
            for (j, value) in expected.enumerated() {
                let error = abs(rows[i * k + j] - value)
                worst = max(worst, error)
                #expect(error <= 2e-4 * max(1, abs(value)), "beat \(i) (\(f.labels[i])) \(f.featureNames[j]): \(rows[i * k + j]) vs \(value)")
            }
        }
        // The features separate the beats as intended: V beats are far from the dominant (N) template, S beats close.
        let rms = try #require(f.featureNames.firstIndex(of: "template_rms"))
        func meanRMS(_ label: String) -> Float {
            let rowsOf = f.labels.indices.filter { f.labels[$0] == label }
            return rowsOf.map { rows[$0 * k + rms] }.reduce(0, +) / Float(rowsOf.count)
        }
        #expect(meanRMS("V") > 2 * meanRMS("N"))
        #expect(meanRMS("S") < meanRMS("V"))
    }

    /// The streaming builder, fed in pieces and with a buffer that drops old beats, builds the same templates as
    /// one pass over all beats.
    @Test func builderIsIndependentOfHowBeatsArrive() throws {
        let f = try Self.fixture()
        let classifier = try Self.classifier(f)
        let signal = f.signalUv.map { Float($0) / 1000 }
        let times = f.peaks.map { Double($0) / f.sampleRateHz }
        let whole = try #require(classifier.templates(signal: signal, peaks: f.peaks, times: times))
        var builder = BeatTemplateBuilder(context: f.context, window: f.windowSamples)
        for range in [0..<7, 7..<8, 8..<30, 30..<f.peaks.count] {
            classifier.addTemplateBeats(to: &builder, signal: signal, peaks: Array(f.peaks[range]), times: Array(times[range]))
        }
        let pieces = builder.finish()
        #expect(pieces.blocks == whole.blocks)
    }

    @Test func medianMatchesSorting() {
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 3, 4, 5, 8, 31, 64, 257] {
            for _ in 0..<20 {
                // Few distinct values, so that ties are common.
                var values = (0..<count).map { _ in Float(Int.random(in: -5...5, using: &generator)) / 2 }
                let sorted = values.sorted()
                let expected = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
                #expect(BeatTemplateBuilder.median(&values, count: count) == expected)
            }
        }
    }

    @Test func beatsWithoutATemplateAreNeutral() throws {
        let f = try Self.fixture()
        let classifier = try Self.classifier(f)
        let rows = Self.rows(f, classifier, templates: nil)
        let k = f.featureNames.count
        for (j, feature) in classifier.templateColumns { #expect(rows[3 * k + j] == 0, "\(feature)") }
        let signal = f.signalUv.map { Float($0) / 1000 }
        let output = try classifier.classify(
            signal: signal, peaks: f.peaks, rr: classifier.rrMatrix(times: f.peaks.map { Double($0) / 360 }),
            templates: nil, times: [], progress: { _ in })
        #expect(output.classes.count == f.peaks.count)
        // Without templates every beat is like its template (correlation 1): N. With them, the V beats are V.
        let n = try #require(TestModel.labels.firstIndex(of: "N")), v = try #require(TestModel.labels.firstIndex(of: "V"))
        #expect(output.classes.allSatisfy { $0 == n })
        let times = f.peaks.map { Double($0) / 360 }
        let labelled = try classifier.classify(signal: signal, peaks: f.peaks, times: times, progress: { _ in })
        let ventricular = f.labels.indices.filter { f.labels[$0] == "V" }
        #expect(ventricular.filter { labelled.classes[$0] == v }.count >= ventricular.count / 2)
    }

    @Test func sidecarFormats() throws {
        let f = try Self.fixture()
        var p = PreprocessingSidecar.defaults(windowSamples: 256)
        p.inputs = ["beat_window", "rr_features"]
        p.rrFeatures = RRFeatures.short.map(\.rawValue) + ["template_corr"]
        #expect(throws: ECGAnalysisError.self) { try p.validate() }  // format 1 has no context
        p.format = PreprocessingSidecar.contextFormatName
        #expect(throws: ECGAnalysisError.self) { try p.validate() }  // format 2 needs it
        p.context = f.context
        try p.validate()
        p.context?.templateHalfWindowS = 1  // shorter than half a block: a block could miss its own beats
        #expect(throws: ECGAnalysisError.self) { try p.validate() }
        p.context = f.context
        p.rrFeatures.append("template_corr")
        #expect(throws: ECGAnalysisError.self) { try p.validate() }
        p.rrFeatures = ["pre_rr_s", "template_shape"]
        #expect(throws: ECGAnalysisError.self) { try p.validate() }
        let json = #"{"format":"ecg-preprocessing/2","sample_rate_hz":360,"lead":"MLII","window_samples":256,"r_peak_index":90,"bandpass_hz":[0.5,40],"bandpass_order":2,"normalisation":"window_zscore","signal_units":"mV","rr_features":["pre_rr_s","template_rms"],"inputs":["beat_window","rr_features"],"context":{"long_rr_half_window_s":150,"template_block_s":60,"template_half_window_s":150,"qrs_region_s":[-0.05,0.1],"p_region_s":[-0.25,-0.05]}}"#
        let decoded = try JSONDecoder().decode(PreprocessingSidecar.self, from: Data(json.utf8))
        #expect(decoded.context == .standard)  // written before K and q existed: the standard values
        try decoded.validate()
    }

    @Test func robustFeaturesNeedTheContextAndItsLimits() throws {
        var p = PreprocessingSidecar.defaults(windowSamples: 256)
        p.inputs = ["beat_window", "rr_features"]
        p.rrFeatures = RRFeatures.short.map(\.rawValue) + ["rr_irregularity"]
        #expect(throws: ECGAnalysisError.self) { try p.validate() }  // format 1 has no context
        p.rrFeatures = RRFeatures.short.map(\.rawValue) + ["post_pre_ratio"]
        try p.validate()  // the compensatory pause is the beat's own neighbours
        p.rrFeatures += ["pre_rr_p90_ratio"]
        p.format = PreprocessingSidecar.contextFormatName
        p.context = .standard
        try p.validate()
        p.context?.localRRHalfBeats = 0
        #expect(throws: ECGAnalysisError.self) { try p.validate() }
        p.context = .standard
        p.context?.upperRRQuantile = 0.3
        #expect(throws: ECGAnalysisError.self) { try p.validate() }
        let json = #"{"long_rr_half_window_s":150,"template_block_s":60,"template_half_window_s":150,"qrs_region_s":[-0.05,0.1],"p_region_s":[-0.25,-0.05],"local_rr_half_beats":4,"upper_rr_quantile":0.75}"#
        let context = try JSONDecoder().decode(RecordingContext.self, from: Data(json.utf8))
        #expect(context.localRRHalfBeats == 4 && context.upperRRQuantile == 0.75)
    }
}
