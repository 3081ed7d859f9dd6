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
        try classify(signal: signal, peaks: peaks, rr: rrMatrix(times: times), progress: progress)
    }

    /// The RR-feature rows the model reads for beats at `times` (seconds, every beat of the record): row-major
    /// [beats, features], empty when the model takes no RR features.
    func rrMatrix(times: [Double]) -> [Float] {
        let features = preprocessing.rrFeatures.compactMap(RRFeatures.Feature.init(rawValue:))
        return features.isEmpty ? [] : RRFeatures.matrix(times: times, features: features)
    }

    /// Classifies the beats at `peaks` (indices into `signal`) whose RR-feature rows are `rr` (row-major
    /// [peaks.count, features], from ``rrMatrix(times:)``).
    func classify(signal: [Float], peaks: [Int], rr: [Float], progress: (Double) throws -> Void) throws -> Output {
        let window = preprocessing.windowSamples
        let features = preprocessing.rrFeatures.compactMap(RRFeatures.Feature.init(rawValue:))
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
            var inputs: [Tensor] = []
            for name in preprocessing.inputs {
                if name == "beat_window" {
                    inputs.append(try Tensor(shape: [n, window, 1], values: windows))
                } else {
                    let k = features.count
                    let rows = rr.count >= end * k ? Array(rr[(start * k)..<(end * k)]) : [Float](repeating: 1, count: n * k)
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
