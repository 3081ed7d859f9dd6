import KerasFormat

/// Keras `Dense` on the last axis of any-rank input: `[…, in] → […, units]`; kernel `[in, units]`, bias `[units]`.
struct DenseLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let inputSize: Int
    let units: Int
    /// `[in, units]` row-major.
    var kernel: [Float]
    /// `[units]`, zeros when the layer has no bias.
    var bias: [Float]
    let activation: Activation

    init(_ layer: KerasLayer, inputShape: [Int?], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        let units = try config.int("units", atLeast: 1)
        let inputSize = try config.knownLast(inputShape, what: "feature")
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(layer.weights, count: useBias ? 2 : 1)
        try check(layer.weights[0], shape: [inputSize, units], in: config)
        self.bias = try config.bias(layer.weights, at: 1, count: units, present: useBias)
        self.inputShape = inputShape
        self.outputShape = Array(inputShape.dropLast()) + [units]
        self.inputSize = inputSize
        self.units = units
        self.kernel = layer.weights[0].values
        self.activation = try context.activation(config)
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let rows = input.values.count / inputSize
        var output = BLAS.affine(input.values, rows: rows, k: inputSize, kernel: kernel, bias: bias)
        var shape = input.shape
        shape[shape.count - 1] = units
        try activation.apply(&output, shape: shape)
        return Tensor(uncheckedShape: shape, values: output)
    }
}

extension DenseLayer: AffineFoldable {
    var outputChannels: Int { units }
}
