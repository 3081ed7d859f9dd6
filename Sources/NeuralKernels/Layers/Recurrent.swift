/// A Keras recurrent layer (`LSTM`, `GRU`, `SimpleRNN`): `[batch, steps, in]` → output `[batch, steps, units]` with
/// `return_sequences` (in processing order, so reversed with `go_backwards`) or `[batch, units]`, followed by the
/// final states (`[h, c]` for LSTM, `[h]` otherwise, each `[batch, units]`) when `return_state` is set.
/// Extra inputs after the sequence are the initial states (`initial_state`), in that same order.
///
/// With `time_major` the sequence is `[steps, batch, in]` (the leading axis is time): it is transposed to batch-first,
/// run, and the sequence output transposed back to `[steps, batch, units]`; the last output and the states are
/// `[batch, units]`, batch being axis 1 of the input, as Keras computes them.
struct RecurrentLayer: Operation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShapes: [[Int?]]
    let cell: RecurrentCell
    let returnSequences: Bool
    let returnState: Bool
    let goBackwards: Bool
    let timeMajor: Bool

    /// Builds the layer for a sequence of shape `inputShape`.
    init(_ spec: RecurrentSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let inputSize = try layer.knownLast(inputShape, what: "feature")
        let kind: RecurrentCell.Kind
        let units: Int, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?
        let activation: Activation, recurrentActivation: Activation
        switch spec {
        case .lstm(let s):
            (kind, units, kernel, recurrentKernel, bias) = (.lstm, s.units, s.kernel, s.recurrentKernel, s.bias)
            (activation, recurrentActivation) = (s.activation, s.recurrentActivation)
        case .gru(let s):
            (kind, units, kernel, recurrentKernel, bias) = (.gru(resetAfter: s.resetAfter), s.units, s.kernel,
                                                            s.recurrentKernel, s.bias)
            (activation, recurrentActivation) = (s.activation, s.recurrentActivation)
        case .simpleRNN(let s):
            (kind, units, kernel, recurrentKernel, bias) = (.simple, s.units, s.kernel, s.recurrentKernel, s.bias)
            (activation, recurrentActivation) = (s.activation, .linear)
        }
        let gates = kind == .lstm ? 4 : kind == .simple ? 1 : 3
        let width = gates * units
        try layer.check(kernel, "kernel", shape: [inputSize, width])
        var inputBias = [Float](repeating: 0, count: width)
        var recurrentBias = [Float]()
        if kind == .gru(resetAfter: true) {
            recurrentBias = inputBias
            if let bias {
                inputBias = Array(bias.values[0..<width])
                recurrentBias = Array(bias.values[width...])
            }
        } else if let bias {
            inputBias = bias.values
        }
        self.cell = RecurrentCell(
            kind: kind, inputSize: inputSize, units: units, kernel: kernel.values,
            recurrentKernel: recurrentKernel.values, inputBias: inputBias, recurrentBias: recurrentBias,
            activation: activation, recurrentActivation: recurrentActivation)
        self.inputShape = inputShape
        let options = spec.options
        self.returnSequences = options.returnSequences
        self.returnState = options.returnState
        self.goBackwards = options.goBackwards
        self.timeMajor = options.timeMajor
        // Time-major: axis 0 is time, axis 1 the batch (what Keras's compute_output_shape gives).
        let batch: Int? = timeMajor ? inputShape[1] : nil
        let output: [Int?] = returnSequences ? [inputShape[0], inputShape[1], units] : [batch, units]
        self.outputShapes = [output] + (returnState ? Array(repeating: [batch, units], count: cell.stateCount) : [])
    }

    /// Builds the layer for a call on a sequence then, optionally, its initial states.
    init(_ spec: RecurrentSpec, layer: LayerIdentity, inputShapes: [[Int?]]) throws {
        guard let sequence = inputShapes.first else { throw layer.bad("inputs", "needs a sequence input") }
        try self.init(spec, layer: layer, inputShape: sequence)
        let states = inputShapes.dropFirst()
        guard states.isEmpty || states.count == cell.stateCount else {
            throw layer.bad("initial_state", "needs \(cell.stateCount) tensor(s), got \(states.count)")
        }
        for shape in states where shape.count != 2 || (shape[1] != nil && shape[1] != cell.units) {
            throw layer.shape("initial state", expected: describe([nil, cell.units]), actual: shape)
        }
    }

    /// Output then (with `return_state`) the final states. `inputs`: the sequence, then optionally the initial states.
    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard let sequence = inputs.first else { throw layer.bad("inputs", "needs a sequence input") }
        let (output, states) = try run(sequence, initialStates: Array(inputs.dropFirst()))
        return [output] + (returnState ? states : [])
    }

    /// The output and the final states, whatever `return_state` says.
    func run(_ input: Tensor, initialStates: [Tensor] = []) throws -> (output: Tensor, states: [Tensor]) {
        try check(input, matches: inputShape, in: layer)
        guard timeMajor else { return try runBatchFirst(input, initialStates: initialStates) }
        let swap = [1, 0, 2]
        let (output, states) = try runBatchFirst(Tensor.permuted(input, order: swap), initialStates: initialStates)
        return (returnSequences ? Tensor.permuted(output, order: swap) : output, states)
    }

    /// `run` on a batch-first `[batch, steps, in]` sequence.
    private func runBatchFirst(_ input: Tensor, initialStates: [Tensor]) throws -> (output: Tensor, states: [Tensor]) {
        guard initialStates.isEmpty || initialStates.count == cell.stateCount else {
            throw layer.bad("initial_state", "needs \(cell.stateCount) tensor(s), got \(initialStates.count)")
        }
        for state in initialStates where state.shape != [input.shape[0], cell.units] {
            throw layer.shape("initial state", expected: "[\(input.shape[0]), \(cell.units)]", actual: state.shape)
        }
        return cell.run(input, initialStates: initialStates, backwards: goBackwards, returnSequences: returnSequences)
    }
}
