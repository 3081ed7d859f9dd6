#if Benchmarks
import BenchmarkSupport
import HDF5Reader
import KerasFormat
import NeuralKernels

/// One-layer models for the kernel benchmarks.
enum LayerWorkload {
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
                    try weight("kernel", [kernelSize, inputChannels, filters], seed: 1),
                    try weight("bias", [filters], seed: 2),
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
                    try weight("kernel", [inputSize, units], seed: 3), try weight("bias", [units], seed: 4),
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
                    try weight("kernel", [inputSize, gates * units], seed: 5),
                    try weight("recurrent_kernel", [units, gates * units], seed: 6),
                    try weight("bias", biasShape, seed: 7),
                ]),
                inputShape: [steps, inputSize], flops: 2 * steps * gates * units * (inputSize + units))
        }

        private static func weight(_ name: String, _ shape: [Int], seed: UInt64) throws -> KerasWeight {
            try KerasWeight(name: name, shape: shape, values: uniformValues(count: shape.reduce(1, *), seed: seed))
        }
    }

    /// A one-layer model of `layer` and one batch of input.
    static func make(layer: Layer, batch: Int) throws -> ForwardWorkload {
        let graph = KerasGraph(kind: .sequential, name: "bench", layers: [layer.keras],
                               sequentialInputShape: [nil] + layer.inputShape.map { Optional($0) })
        let model = try Model(keras: KerasModel(
            graph: graph, kerasVersion: "2.20.1", backend: "tensorflow",
            flavour: KerasFileFlavour(writer: .tfKeras, container: .fullModelH5)))
        return try ForwardWorkload(
            model: model, batch: batch, input: uniformValues(count: batch * layer.inputShape.reduce(1, *), seed: 11),
            flopsPerSample: layer.flops)
    }
}
#endif
