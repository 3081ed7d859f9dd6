import NeuralKernels

/// Keras `LSTM`, `GRU` and `SimpleRNN`: `units`, `activation` (tanh), `recurrent_activation` (sigmoid; Keras 1:
/// hard_sigmoid), `use_bias`, `return_sequences`, `return_state`, `go_backwards`, `time_major`, GRU `reset_after`
/// (Keras 1/2: false, tf.keras and Keras 3: true); `stateful` refused. Weights in canonical order:
/// `[kernel (in, G·u), recurrent_kernel (u, G·u), bias?]`.
enum RecurrentImporter {
    static let classNames: Set<String> = ["LSTM", "GRU", "SimpleRNN"]

    static func spec(_ config: KerasLayerConfig) throws -> RecurrentSpec {
        try config.requireFalse("stateful")
        let writer = config.context.writer
        let units = try config.int("units")
        let activation = try config.activation(default: "tanh")
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(useBias ? 3 : 2)
        let kernel = try config.tensor(0), recurrentKernel = try config.tensor(1)
        let bias = useBias ? try config.tensor(2) : nil
        let options = RecurrentOptions(
            returnSequences: try config.bool("return_sequences", default: false),
            returnState: try config.bool("return_state", default: false),
            goBackwards: try config.bool("go_backwards", default: false),
            timeMajor: try config.bool("time_major", default: false))
        switch config.className {
        case "LSTM":
            return .lstm(try LSTMSpec(
                units: units, activation: activation,
                recurrentActivation: try config.activation(
                    "recurrent_activation", default: writer == .keras1 ? "hard_sigmoid" : "sigmoid"),
                kernel: kernel, recurrentKernel: recurrentKernel, bias: bias, options: options))
        case "GRU":
            let legacyDefault = writer == .keras1 || writer == .keras2
            return .gru(try GRUSpec(
                units: units, activation: activation,
                recurrentActivation: try config.activation(
                    "recurrent_activation", default: writer == .keras1 ? "hard_sigmoid" : "sigmoid"),
                resetAfter: try config.bool("reset_after", default: !legacyDefault),
                kernel: kernel, recurrentKernel: recurrentKernel, bias: bias, options: options))
        case "SimpleRNN":
            return .simpleRNN(try SimpleRNNSpec(
                units: units, activation: activation, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias,
                options: options))
        default:
            throw KerasFormatError.unsupportedLayer(name: config.name, className: config.className)
        }
    }
}
