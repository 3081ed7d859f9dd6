/// Keras `Bidirectional` around an LSTM, GRU or SimpleRNN. The backward layer reads the sequence reversed; with
/// `return_sequences` its output is flipped back in time before merging. `merge_mode` concat (last axis), sum, ave,
/// mul, or None (two outputs). With `return_state`, the forward states then the backward states follow the output(s).
/// Weights: the forward layer's then the backward layer's.
struct BidirectionalLayer: Operation {
    let layer: LayerIdentity
    let forwardLayer: RecurrentLayer
    let backwardLayer: RecurrentLayer
    let merge: BidirectionalSpec.Merge?
    let outputShapes: [[Int?]]

    init(_ spec: BidirectionalSpec, layer: LayerIdentity, inputShapes: [[Int?]]) throws {
        self.layer = layer
        guard inputShapes.count == 1 else { throw layer.unsupported("initial_state", "\(inputShapes.count - 1) tensors") }
        self.forwardLayer = try RecurrentLayer(spec.forward, layer: layer, inputShape: inputShapes[0])
        self.backwardLayer = try RecurrentLayer(spec.backward, layer: layer, inputShape: inputShapes[0])
        self.merge = spec.merge
        let forwardShape = forwardLayer.outputShapes[0], backwardShape = backwardLayer.outputShapes[0]
        var outputs: [[Int?]]
        switch spec.merge {
        case nil: outputs = [forwardShape, backwardShape]
        case .concat:
            var shape = forwardShape
            let (a, b) = (forwardShape[forwardShape.count - 1], backwardShape[backwardShape.count - 1])
            shape[shape.count - 1] = a.flatMap { a in b.map { a + $0 } }
            outputs = [shape]
        case let mode?:
            guard forwardShape == backwardShape else {
                throw layer.bad("merge_mode", "\(mode.rawValue) needs forward and backward layers of the same size")
            }
            outputs = [forwardShape]
        }
        if forwardLayer.returnState {
            outputs += Array(forwardLayer.outputShapes.dropFirst()) + Array(backwardLayer.outputShapes.dropFirst())
        }
        self.outputShapes = outputs
    }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == 1 else { throw layer.unsupported("initial_state", "\(inputs.count - 1) tensors") }
        let (forwardOutput, forwardStates) = try forwardLayer.run(inputs[0])
        var (backwardOutput, backwardStates) = try backwardLayer.run(inputs[0])
        if backwardLayer.returnSequences { backwardOutput = try TimeAxis.reversed(backwardOutput) }
        var outputs: [Tensor]
        switch merge {
        case nil: outputs = [forwardOutput, backwardOutput]
        case .concat?:
            let width = forwardOutput.shape.last ?? 0, other = backwardOutput.shape.last ?? 0
            let rows = forwardOutput.values.count / max(1, width)
            var values = [Float]()
            values.reserveCapacity(rows * (width + other))
            for row in 0..<rows {
                values.append(contentsOf: forwardOutput.values[(row * width)..<((row + 1) * width)])
                values.append(contentsOf: backwardOutput.values[(row * other)..<((row + 1) * other)])
            }
            var shape = forwardOutput.shape
            shape[shape.count - 1] = width + other
            outputs = [Tensor(uncheckedShape: shape, values: values)]
        case .sum?, .ave?, .mul?:
            var values = forwardOutput.values
            for index in values.indices {
                let b = backwardOutput.values[index]
                switch merge {
                case .sum: values[index] += b
                case .ave: values[index] = (values[index] + b) * 0.5
                default: values[index] *= b
                }
            }
            outputs = [Tensor(uncheckedShape: forwardOutput.shape, values: values)]
        }
        if forwardLayer.returnState { outputs += forwardStates + backwardStates }
        return outputs
    }
}
