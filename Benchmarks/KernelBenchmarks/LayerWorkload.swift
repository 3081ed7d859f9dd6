import Benchmark
import HDF5Reader
import NeuralKernels

/// A one-layer model and one batch of input, ready for timed forwards through the allocation-free predict path.
final class LayerWorkload: @unchecked Sendable {
    /// Multiply-add MFLOP per second of one forward (2 per MAC), recorded per benchmark run.
    static let flopRate = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)

    /// The layer under test as a Keras layer plus its per-sample input shape.
    struct Layer {
        var keras: KerasLayer
        var inputShape: [Int]
        /// Multiply-add FLOPs of one sample.
        var flops: Int

        static func conv1D(length: Int, inputChannels: Int, filters: Int, kernelSize: Int) throws -> Layer {
            let config = try JSONValue(parsing: """
                {"name": "conv", "filters": \(filters), "kernel_size": [\(kernelSize)], "strides": [1],
                 "padding": "same", "dilation_rate": [1], "activation": "relu", "use_bias": true}
                """)
            return Layer(
                keras: KerasLayer(name: "conv", className: "Conv1D", config: config, weights: [
                    weight("kernel", [kernelSize, inputChannels, filters], seed: 1),
                    weight("bias", [filters], seed: 2),
                ]),
                inputShape: [length, inputChannels], flops: 2 * length * kernelSize * inputChannels * filters)
        }

        static func lstm(steps: Int, inputSize: Int, units: Int, returnSequences: Bool) throws -> Layer {
            try recurrent("LSTM", gates: 4, steps: steps, inputSize: inputSize, units: units,
                          returnSequences: returnSequences, biasShape: [4 * units])
        }

        static func gru(steps: Int, inputSize: Int, units: Int, returnSequences: Bool) throws -> Layer {
            try recurrent("GRU", gates: 3, steps: steps, inputSize: inputSize, units: units,
                          returnSequences: returnSequences, biasShape: [2, 3 * units], extra: #", "reset_after": true"#)
        }

        static func dense(inputSize: Int, units: Int) throws -> Layer {
            let config = try JSONValue(parsing: #"{"name": "dense", "units": \#(units), "activation": "relu", "use_bias": true}"#)
            return Layer(
                keras: KerasLayer(name: "dense", className: "Dense", config: config, weights: [
                    weight("kernel", [inputSize, units], seed: 3), weight("bias", [units], seed: 4),
                ]),
                inputShape: [inputSize], flops: 2 * inputSize * units)
        }

        private static func recurrent(
            _ className: String, gates: Int, steps: Int, inputSize: Int, units: Int, returnSequences: Bool,
            biasShape: [Int], extra: String = ""
        ) throws -> Layer {
            let config = try JSONValue(parsing: """
                {"name": "rnn", "units": \(units), "activation": "tanh", "recurrent_activation": "sigmoid",
                 "use_bias": true, "return_sequences": \(returnSequences)\(extra)}
                """)
            return Layer(
                keras: KerasLayer(name: "rnn", className: className, config: config, weights: [
                    weight("kernel", [inputSize, gates * units], seed: 5),
                    weight("recurrent_kernel", [units, gates * units], seed: 6),
                    weight("bias", biasShape, seed: 7),
                ]),
                inputShape: [steps, inputSize], flops: 2 * steps * gates * units * (inputSize + units))
        }

        private static func weight(_ name: String, _ shape: [Int], seed: UInt64) -> KerasWeight {
            KerasWeight(name: name, shape: shape, values: uniformValues(count: shape.reduce(1, *), seed: seed))
        }
    }

    let model: Model
    let batch: Int
    let flopsPerForward: Int
    let input: [Float]
    var output: [Float]

    init(layer: Layer, batch: Int) throws {
        let graph = KerasGraph(kind: .sequential, name: "bench", layers: [layer.keras],
                               sequentialInputShape: [nil] + layer.inputShape.map { Optional($0) })
        model = try Model(keras: KerasModel(
            graph: graph, kerasVersion: "2.20.1", backend: "tensorflow",
            flavour: KerasFileFlavour(writer: .tfKeras, container: .fullModelH5)))
        self.batch = batch
        flopsPerForward = layer.flops * batch
        input = uniformValues(count: batch * layer.inputShape.reduce(1, *), seed: 11)
        let outputCount = model.outputs[0].shape.dropFirst().reduce(1) { $0 * ($1 ?? 1) }
        output = [Float](repeating: 0, count: batch * outputCount)
        try forward()
    }

    func forward() throws {
        try input.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { output in
                try model.predict(batch: batch, input: input, output: output)
            }
        }
    }

    /// Runs the scaled iterations and records their MFLOP/s.
    func measure(_ benchmark: Benchmark) {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in benchmark.scaledIterations {
            do { try forward() } catch { benchmark.error("forward failed: \(error)") }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let forwards = Double(benchmark.scaledIterations.count)
        benchmark.measurement(Self.flopRate, Int(Double(flopsPerForward) * forwards / max(seconds, 1e-12) / 1e6))
    }
}

/// Deterministic values in [-0.5, 0.5).
func uniformValues(count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24) - 0.5
    }
}
