import Foundation
import NeuralKernels

/// Runs the beat model over every beat of a record: windows and RR features as the sidecar says, in batches of
/// at most `batchSize` beats so memory stays bounded on long records.
struct BeatClassifier: Sendable {
    let model: Model
    let labels: [String]
    let preprocessing: PreprocessingSidecar

    /// Beats per forward call: a [4096, 256, 1] float32 window batch is 4 MiB.
    var batchSize = 4096

    /// The first label of the normal AAMI class; nil for a model without one.
    var normalLabel: String? { labels.first { AAMIClass(modelLabel: $0) == .normal } }

    /// `beats` as the report gives them once `rhythm` is known (``RhythmAssessment/beatsInRhythmContext(_:normalLabel:)``);
    /// unchanged for a model without a normal label.
    func reported(_ beats: [ClassifiedBeat], rhythm: RhythmAssessment) -> [ClassifiedBeat] {
        normalLabel.map { rhythm.beatsInRhythmContext(beats, normalLabel: $0) } ?? beats
    }

    struct Output {
        /// Index into `labels` and its probability, per beat.
        var classes: [Int]
        var probabilities: [Float]
        /// Beats whose window ran past the record's edge and was edge-padded.
        var paddedWindows: Int
    }

    /// Checks that the model's inputs and outputs fit the preprocessing and the labels.
    static func validate(model: Model, labels: [String], preprocessing p: PreprocessingSidecar) throws {
        func fail(_ message: String) -> ECGAnalysisError { .modelFailure(.other(message)) }
        guard model.inputs.count == p.inputs.count else {
            throw fail("the model takes \(model.inputs.count) input(s) but the preprocessing describes \(p.inputs.count)")
        }
        for (spec, name) in zip(model.inputs, p.inputs) {
            let expected: [Int?] = name == "beat_window" ? [nil, p.windowSamples, 1] : [nil, p.rrFeatures.count]
            let fits = spec.shape.count == expected.count
                && zip(spec.shape.dropFirst(), expected.dropFirst()).allSatisfy { $0 == nil || $0 == $1 }
            guard fits else {
                throw fail("model input '\(spec.name)' has shape \(spec.shape.map { $0.map(String.init) ?? "None" }) but '\(name)' needs \(expected.map { $0.map(String.init) ?? "None" })")
            }
        }
        guard model.outputs.count == 1, let output = model.outputs.first, output.shape.count == 2 else {
            throw fail("the model must have one output of shape (batch, classes)")
        }
        guard output.shape[1] == labels.count else {
            throw fail("the model has \(output.shape[1].map(String.init) ?? "?") output classes but \(labels.count) labels")
        }
    }

    /// Classifies the beats at `peaks` (indices into `signal`, the band-passed lead at the model rate) with R-peak
    /// `times` in seconds. `progress` receives the fraction of beats done after every batch; what it throws stops the
    /// classification (a passed ``AnalysisDeadline``).
    func classify(signal: [Float], peaks: [Int], times: [Double], progress: (Double) throws -> Void) throws -> Output {
        try classify(
            signal: signal, peaks: peaks, rr: rrMatrix(times: times),
            templates: templates(signal: signal, peaks: peaks, times: times), times: times, progress: progress)
    }

    /// The second input's columns that are RR features, as (column, feature).
    var rrColumns: [(Int, RRFeatures.Feature)] {
        preprocessing.rrFeatures.enumerated().compactMap { j, name in RRFeatures.Feature(rawValue: name).map { (j, $0) } }
    }

    /// The second input's columns that are template features, as (column, index in `TemplateFeatures.Feature.allCases`).
    var templateColumns: [(Int, Int)] {
        preprocessing.rrFeatures.enumerated().compactMap { j, name in
            TemplateFeatures.Feature(rawValue: name).flatMap { TemplateFeatures.Feature.allCases.firstIndex(of: $0) }.map { (j, $0) }
        }
    }

    /// Whether the model reads the beats' template features (then ``templates(signal:peaks:times:)`` is needed).
    var needsTemplates: Bool { !templateColumns.isEmpty }

    /// The second input's rows for beats at `times` (seconds, every beat of the record): row-major
    /// [beats, rrFeatures.count] with the RR features filled in and the template columns 0 (``classify`` fills them);
    /// empty when the model takes no such input.
    func rrMatrix(times: [Double]) -> [Float] {
        let width = preprocessing.rrFeatures.count
        guard width > 0, times.count >= 2 else { return [] }
        var rows = [Float](repeating: 0, count: times.count * width)
        let columns = rrColumns
        if !columns.isEmpty {
            let m = RRFeatures.matrix(times: times, features: columns.map(\.1), context: preprocessing.context ?? .standard)
            for i in times.indices {
                for (k, (j, _)) in columns.enumerated() { rows[i * width + j] = m[i * columns.count + k] }
            }
        }
        return rows
    }

    /// The recording's dominant-beat templates from the beats at `peaks` (indices into `signal`) with R-peak `times`
    /// (seconds, increasing); nil when the model takes no template features.
    func templates(signal: [Float], peaks: [Int], times: [Double]) -> BeatTemplates? {
        guard needsTemplates else { return nil }
        var builder = BeatTemplateBuilder(context: preprocessing.context ?? .standard, window: preprocessing.windowSamples)
        addTemplateBeats(to: &builder, signal: signal, peaks: peaks, times: times)
        return builder.finish()
    }

    /// Feeds the beats at `peaks` (indices into `signal`) with `times` to a template builder, in order.
    func addTemplateBeats(to builder: inout BeatTemplateBuilder, signal: [Float], peaks: [Int], times: [Double]) {
        let window = preprocessing.windowSamples
        var start = 0
        while start < peaks.count {
            let end = min(peaks.count, start + 1024)
            var windows = [Float](repeating: 0, count: (end - start) * window)
            BeatWindows.fill(
                &windows, signal: signal, peaks: peaks[start..<end], window: window,
                rIndex: preprocessing.rPeakIndex, normalisation: preprocessing.normalisation)
            windows.withUnsafeBufferPointer { buffer in
                for i in start..<end {
                    let row = UnsafeBufferPointer(rebasing: buffer[((i - start) * window)..<((i - start + 1) * window)])
                    let p2p = BeatWindows.peakToPeak(signal: signal, r: peaks[i], window: window, rIndex: preprocessing.rPeakIndex)
                    builder.add(time: times[i], window: row, peakToPeak: p2p)
                }
            }
            start = end
        }
    }

    /// Classifies the beats at `peaks` (indices into `signal`) whose second-input rows are `rr` (row-major
    /// [peaks.count, features], from ``rrMatrix(times:)``). When the model reads template features, `templates`
    /// (from ``templates(signal:peaks:times:)``) and the beats' `times` fill those columns; a beat without a
    /// template gets ``TemplateFeatures/neutral``.
    func classify(
        signal: [Float], peaks: [Int], rr: [Float], templates: BeatTemplates? = nil, times: [Double] = [],
        progress: (Double) throws -> Void
    ) throws -> Output {
        let window = preprocessing.windowSamples
        let k = preprocessing.rrFeatures.count
        let templateColumns = self.templateColumns
        let context = preprocessing.context ?? .standard
        let qrs = TemplateFeatures.region(
            context.qrsRegionS, rIndex: preprocessing.rPeakIndex, window: window, sampleRate: preprocessing.sampleRateHz)
        let pWave = TemplateFeatures.region(
            context.pRegionS, rIndex: preprocessing.rPeakIndex, window: window, sampleRate: preprocessing.sampleRateHz)
        let classCount = labels.count
        var output = Output(classes: [], probabilities: [], paddedWindows: 0)
        output.classes.reserveCapacity(peaks.count)
        output.probabilities.reserveCapacity(peaks.count)
        var windows: [Float] = []
        var start = 0
        while start < peaks.count {
            let end = min(peaks.count, start + max(1, batchSize))
            let n = end - start
            windows = [Float](repeating: 0, count: n * window)
            output.paddedWindows += BeatWindows.fill(
                &windows, signal: signal, peaks: peaks[start..<end], window: window,
                rIndex: preprocessing.rPeakIndex, normalisation: preprocessing.normalisation)
            var rows = rr.count >= end * k ? Array(rr[(start * k)..<(end * k)]) : [Float](repeating: 1, count: n * k)
            if !templateColumns.isEmpty {
                windows.withUnsafeBufferPointer { buffer in
                    for row in 0..<n {
                        let i = start + row
                        var values = TemplateFeatures.neutral
                        if let templates, i < times.count, let template = templates.template(at: times[i]) {
                            values = TemplateFeatures.values(
                                window: UnsafeBufferPointer(rebasing: buffer[(row * window)..<((row + 1) * window)]),
                                peakToPeak: BeatWindows.peakToPeak(
                                    signal: signal, r: peaks[i], window: window, rIndex: preprocessing.rPeakIndex),
                                template: template.window, amplitude: template.amplitude, qrs: qrs, pWave: pWave)
                        }
                        for (j, feature) in templateColumns { rows[row * k + j] = Float(values[feature]) }
                    }
                }
            }
            var inputs: [Tensor] = []
            for name in preprocessing.inputs {
                if name == "beat_window" {
                    inputs.append(try Tensor(shape: [n, window, 1], values: windows))
                } else {
                    inputs.append(try Tensor(shape: [n, k], values: rows))
                }
            }
            let result: [Tensor]
            do { result = try model.predict(inputs) } catch let error as NeuralKernelsError {
                throw ECGAnalysisError.modelFailure(.inference(error))
            }
            guard let scores = result.first, scores.values.count == n * classCount else {
                throw ECGAnalysisError.modelFailure("the model returned an output of unexpected size")
            }
            scores.values.withUnsafeBufferPointer { values in
                for row in 0..<n {
                    let (best, probability) = Self.argmaxProbability(values, row: row, classes: classCount)
                    output.classes.append(best)
                    output.probabilities.append(probability)
                }
            }
            start = end
            try progress(Double(end) / Double(peaks.count))
        }
        return output
    }

    /// The best class of one output row and its probability. Rows that are not a distribution (negative values or
    /// a sum away from 1: logits) go through softmax first.
    static func argmaxProbability(_ values: UnsafeBufferPointer<Float>, row: Int, classes: Int) -> (Int, Float) {
        let base = row * classes
        var best = 0
        var sum: Float = 0
        var isDistribution = true
        for j in 0..<classes {
            let v = values[base + j]
            if !(v >= 0 && v <= 1) { isDistribution = false }
            sum += v
            if v > values[base + best] { best = j }
        }
        if isDistribution, abs(sum - 1) < 1e-3 { return (best, values[base + best]) }
        let top = values[base + best]
        var total: Float = 0
        for j in 0..<classes { total += expf(values[base + j] - top) }
        return (best, total.isFinite && total > 0 ? 1 / total : 0)
    }
}
