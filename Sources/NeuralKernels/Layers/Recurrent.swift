import KerasFormat

/// A Keras recurrent layer (`LSTM`, `GRU`, `SimpleRNN`): `[batch, steps, in]` → output `[batch, steps, units]` with
/// `return_sequences` (in processing order, so reversed with `go_backwards`) or `[batch, units]`, followed by the
/// final states (`[h, c]` for LSTM, `[h]` otherwise, each `[batch, units]`) when `return_state` is set.
/// Extra inputs after the sequence are the initial states (`initial_state`), in that same order.
///
/// With `time_major` the sequence is `[steps, batch, in]` (the leading axis is time): it is transposed to batch-first,
/// run, and the sequence output transposed back to `[steps, batch, units]`; the last output and the states are
/// `[batch, units]`, batch being axis 1 of the input, as Keras computes them.
struct RecurrentLayer: Operation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShapes: [[Int?]]
    let cell: RecurrentCell
    let returnSequences: Bool
    let returnState: Bool
    let goBackwards: Bool
    let timeMajor: Bool

    /// Builds the layer described by `config` (class LSTM, GRU or SimpleRNN) with `weights` in canonical order.
    init(config: LayerConfig, weights: [KerasWeight], inputShape: [Int?], context: BuildContext) throws {
        self.config = config
        try config.requireRank(inputShape, 3)
        try config.requireFalse("stateful")
        let inputSize = try config.knownLast(inputShape, what: "feature")
        let units = try config.int("units", atLeast: 1)
        let activation = try context.activation(config, default: "tanh")
        let recurrentActivation = try context.activation(
            config, key: "recurrent_activation", default: context.writer == .keras1 ? "hard_sigmoid" : "sigmoid")
        let useBias = try config.bool("use_bias", default: true)
        let kind: RecurrentCell.Kind
        switch config.className {
        case "LSTM": kind = .lstm
        case "GRU":
            let legacyDefault = context.writer == .keras1 || context.writer == .keras2
            kind = .gru(resetAfter: try config.bool("reset_after", default: !legacyDefault))
        case "SimpleRNN": kind = .simple
        default: throw NeuralKernelsError.unsupportedLayer(name: config.name, className: config.className)
        }
        let gates = kind == .lstm ? 4 : kind == .simple ? 1 : 3
        let width = gates * units
        try config.requireWeights(weights, count: useBias ? 3 : 2)
        try check(weights[0], shape: [inputSize, width], in: config)
        try check(weights[1], shape: [units, width], in: config)
        var inputBias = [Float](repeating: 0, count: width)
        var recurrentBias = [Float]()
        if kind == .gru(resetAfter: true) {
            recurrentBias = inputBias
            if useBias {
                try check(weights[2], shape: [2, width], in: config)
                inputBias = Array(weights[2].values[0..<width])
                recurrentBias = Array(weights[2].values[width...])
            }
        } else if useBias {
            try check(weights[2], shape: [width], in: config)
            inputBias = weights[2].values
        }
        self.cell = RecurrentCell(
            kind: kind, inputSize: inputSize, units: units, kernel: weights[0].values,
            recurrentKernel: weights[1].values, inputBias: inputBias, recurrentBias: recurrentBias,
            activation: activation, recurrentActivation: recurrentActivation)
        self.inputShape = inputShape
        self.returnSequences = try config.bool("return_sequences", default: false)
        self.returnState = try config.bool("return_state", default: false)
        self.goBackwards = try config.bool("go_backwards", default: false)
        self.timeMajor = try config.bool("time_major", default: false)
        // Time-major: axis 0 is time, axis 1 the batch (what Keras's compute_output_shape gives).
        let batch: Int? = timeMajor ? inputShape[1] : nil
        let output: [Int?] = returnSequences ? [inputShape[0], inputShape[1], units] : [batch, units]
        self.outputShapes = [output] + (returnState ? Array(repeating: [batch, units], count: cell.stateCount) : [])
    }

    init(_ layer: KerasLayer, inputShapes: [[Int?]], context: BuildContext) throws {
        let config = LayerConfig(layer)
        guard let sequence = inputShapes.first else { throw config.bad("inputs", "needs a sequence input") }
        try self.init(config: config, weights: layer.weights, inputShape: sequence, context: context)
        let states = inputShapes.dropFirst()
        guard states.isEmpty || states.count == cell.stateCount else {
            throw config.bad("initial_state", "needs \(cell.stateCount) tensor(s), got \(states.count)")
        }
        for shape in states where shape.count != 2 || (shape[1] != nil && shape[1] != cell.units) {
            throw config.shape("initial state", expected: describe([nil, cell.units]), actual: shape)
        }
    }

    /// Output then (with `return_state`) the final states. `inputs`: the sequence, then optionally the initial states.
    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard let sequence = inputs.first else { throw config.bad("inputs", "needs a sequence input") }
        let (output, states) = try run(sequence, initialStates: Array(inputs.dropFirst()))
        return [output] + (returnState ? states : [])
    }

    /// The output and the final states, whatever `return_state` says.
    func run(_ input: Tensor, initialStates: [Tensor] = []) throws -> (output: Tensor, states: [Tensor]) {
        try check(input, matches: inputShape, in: config)
        guard timeMajor else { return try runBatchFirst(input, initialStates: initialStates) }
        let swap = [1, 0, 2]
        let (output, states) = try runBatchFirst(Tensor.permuted(input, order: swap), initialStates: initialStates)
        return (returnSequences ? Tensor.permuted(output, order: swap) : output, states)
    }

    /// `run` on a batch-first `[batch, steps, in]` sequence.
    private func runBatchFirst(_ input: Tensor, initialStates: [Tensor]) throws -> (output: Tensor, states: [Tensor]) {
        guard initialStates.isEmpty || initialStates.count == cell.stateCount else {
            throw config.bad("initial_state", "needs \(cell.stateCount) tensor(s), got \(initialStates.count)")
        }
        for state in initialStates where state.shape != [input.shape[0], cell.units] {
            throw config.shape("initial state", expected: "[\(input.shape[0]), \(cell.units)]", actual: state.shape)
        }
        return cell.run(input, initialStates: initialStates, backwards: goBackwards, returnSequences: returnSequences)
    }
}
