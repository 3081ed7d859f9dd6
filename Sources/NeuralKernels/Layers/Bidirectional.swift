import KerasFormat

/// Keras `Bidirectional` around an LSTM, GRU or SimpleRNN. The backward layer reads the sequence reversed; with
/// `return_sequences` its output is flipped back in time before merging. `merge_mode` concat (last axis), sum, ave,
/// mul, or None (two outputs). With `return_state`, the forward states then the backward states follow the output(s).
/// Weights: the forward layer's then the backward layer's.
struct BidirectionalLayer: Operation {
    enum Merge: String, Sendable { case concat, sum, ave, mul, none }

    let config: LayerConfig
    let forwardLayer: RecurrentLayer
    let backwardLayer: RecurrentLayer
    let merge: Merge
    let outputShapes: [[Int?]]

    init(_ layer: KerasLayer, inputShapes: [[Int?]], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        guard inputShapes.count == 1 else { throw config.unsupported("initial_state", "\(inputShapes.count - 1) tensors") }
        // An explicit `null` merge mode means two separate outputs; an absent one is Keras's default, concat.
        let mode = config.json["merge_mode"] == .null ? "none" : try config.string("merge_mode", default: "concat")
        guard let merge = Merge(rawValue: mode) else { throw config.unsupported("merge_mode", mode) }
        let forward = try BidirectionalLayer.inner(config, key: "layer")
        let backward = config.has("backward_layer") ? try BidirectionalLayer.inner(config, key: "backward_layer") : forward
        guard ["LSTM", "GRU", "SimpleRNN"].contains(forward.className),
              ["LSTM", "GRU", "SimpleRNN"].contains(backward.className) else {
            throw config.unsupported("layer", forward.className)
        }
        guard layer.weights.count % 2 == 0 else {
            throw config.badWeights("expected the forward and backward weights, found \(layer.weights.count) arrays")
        }
        let half = layer.weights.count / 2
        var backwardConfig = backward.json.objectValue ?? [:]
        if !config.has("backward_layer") {
            let forwardBackwards = try forward.bool("go_backwards", default: false)
            backwardConfig["go_backwards"] = .bool(!forwardBackwards)
        }
        self.forwardLayer = try RecurrentLayer(
            config: forward, weights: Array(layer.weights[..<half]), inputShape: inputShapes[0], context: context)
        self.backwardLayer = try RecurrentLayer(
            config: LayerConfig(name: layer.name, className: backward.className, json: .object(backwardConfig)),
            weights: Array(layer.weights[half...]), inputShape: inputShapes[0], context: context)
        // A time-major wrapped layer would need the merge along axis 0; Keras files do not carry one in practice.
        guard !forwardLayer.timeMajor, !backwardLayer.timeMajor else { throw config.unsupported("time_major", "true") }
        guard forwardLayer.returnSequences == backwardLayer.returnSequences,
              forwardLayer.returnState == backwardLayer.returnState else {
            throw config.bad("backward_layer", "must match the forward layer's return_sequences and return_state")
        }
        self.merge = merge
        let forwardShape = forwardLayer.outputShapes[0], backwardShape = backwardLayer.outputShapes[0]
        var outputs: [[Int?]]
        switch merge {
        case .none: outputs = [forwardShape, backwardShape]
        case .concat:
            var shape = forwardShape
            let (a, b) = (forwardShape[forwardShape.count - 1], backwardShape[backwardShape.count - 1])
            shape[shape.count - 1] = a.flatMap { a in b.map { a + $0 } }
            outputs = [shape]
        default:
            guard forwardShape == backwardShape else {
                throw config.bad("merge_mode", "\(mode) needs forward and backward layers of the same size")
            }
            outputs = [forwardShape]
        }
        if forwardLayer.returnState {
            outputs += Array(forwardLayer.outputShapes.dropFirst()) + Array(backwardLayer.outputShapes.dropFirst())
        }
        self.outputShapes = outputs
    }

    private static func inner(_ config: LayerConfig, key: String) throws -> LayerConfig {
        guard let className = config.json[key]?["class_name"]?.stringValue,
              let inner = config.json[key]?["config"] else {
            throw config.bad(key, "must be a serialized layer")
        }
        return LayerConfig(name: config.name, className: className, json: inner)
    }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == 1 else { throw config.unsupported("initial_state", "\(inputs.count - 1) tensors") }
        let (forwardOutput, forwardStates) = try forwardLayer.run(inputs[0])
        var (backwardOutput, backwardStates) = try backwardLayer.run(inputs[0])
        if backwardLayer.returnSequences { backwardOutput = try TimeAxis.reversed(backwardOutput) }
        var outputs: [Tensor]
        switch merge {
        case .none: outputs = [forwardOutput, backwardOutput]
        case .concat:
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
        case .sum, .ave, .mul:
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
