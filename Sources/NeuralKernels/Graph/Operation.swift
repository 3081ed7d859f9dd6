import KerasFormat

/// One call of a layer, built for its input shapes. Immutable, so one instance runs from many threads at once.
protocol Operation: Sendable {
    /// Symbolic output shapes, batch axis included (`nil` for unknown dimensions).
    var outputShapes: [[Int?]] { get }
    /// Runs the layer on concrete tensors (batch axis first) and returns one tensor per output.
    func forward(_ inputs: [Tensor]) throws -> [Tensor]
}

/// A layer with exactly one input and one output.
protocol UnaryOperation: Operation {
    var outputShape: [Int?] { get }
    func forward(_ input: Tensor) throws -> Tensor
}

extension UnaryOperation {
    var outputShapes: [[Int?]] { [outputShape] }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw NeuralKernelsError.graph("a single-input layer received \(inputs.count) inputs")
        }
        return [try forward(inputs[0])]
    }
}

/// What layers need to know about the file beyond their own config.
struct BuildContext: Sendable {
    /// The `hard_sigmoid` definition of the file's Keras generation.
    var hardSigmoid: HardSigmoidConvention
    /// The Keras generation that wrote the file (decides defaults that changed between versions).
    var writer: KerasFileFlavour.Writer

    /// The activation under `key` of a layer config (`name` when absent or null).
    func activation(_ config: LayerConfig, key: String = "activation", default name: String = "linear")
        throws -> Activation {
        let value = config.has(key) ? config.json[key] : .string(name)
        return try Activation.parse(value, key: key, in: config, hardSigmoid: hardSigmoid)
    }
}

/// Checks that a concrete tensor fits a symbolic shape (batch axis and `nil` dimensions are free).
func check(_ tensor: Tensor, matches shape: [Int?], in config: LayerConfig) throws {
    guard tensor.shape.count == shape.count else {
        throw config.shape("input", expected: describe(shape), actual: tensor.shape)
    }
    for (axis, dimension) in shape.enumerated().dropFirst() {
        if let dimension, tensor.shape[axis] != dimension {
            throw config.shape("input", expected: describe(shape), actual: tensor.shape)
        }
    }
}

/// Checks that a weight has the expected shape.
func check(_ weight: KerasWeight, shape expected: [Int], in config: LayerConfig) throws {
    guard weight.shape == expected, weight.values.count == expected.reduce(1, *) else {
        throw config.badWeights("\(weight.name) has shape \(weight.shape), expected \(expected)")
    }
}

extension LayerConfig {
    func shape(_ context: String, expected: String, actual: [Int]) -> NeuralKernelsError {
        shape(context, expected: expected, actual: actual.map { Optional($0) })
    }

    /// Requires exactly `count` weights (or one of several counts).
    func requireWeights(_ weights: [KerasWeight], count: Int) throws {
        guard weights.count == count else {
            throw badWeights("expected \(count) weight arrays, found \(weights.count)")
        }
    }

    /// The bias `[count]` held in `weights[index]` (shape checked) when `present`, else zeros `[count]`.
    /// Call after `requireWeights`, which guarantees `index` is in range.
    func bias(_ weights: [KerasWeight], at index: Int, count: Int, present: Bool) throws -> [Float] {
        guard present else { return [Float](repeating: 0, count: count) }
        try check(weights[index], shape: [count], in: self)
        return weights[index].values
    }

    /// The last dimension of an input shape, which must be known.
    func knownLast(_ shape: [Int?], what: String = "channel") throws -> Int {
        guard shape.count >= 2, let last = shape.last ?? nil, last >= 1 else {
            throw self.shape("input", expected: "a known \(what) dimension", actual: shape)
        }
        return last
    }

    /// Requires a rank (batch axis included).
    func requireRank(_ shape: [Int?], _ rank: Int) throws {
        guard shape.count == rank else {
            throw self.shape("input", expected: "rank \(rank) (batch axis included)", actual: shape)
        }
    }
}
