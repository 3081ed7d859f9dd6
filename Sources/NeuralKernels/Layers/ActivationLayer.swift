import KerasFormat

/// Keras `Activation`, `ReLU`, `LeakyReLU`, `ELU` and `Softmax` layers: an activation applied to the whole tensor.
struct ActivationLayer: UnaryOperation {
    static let classNames: Set<String> = ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax"]

    let config: LayerConfig
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    let activation: Activation

    init(_ layer: KerasLayer, inputShape: [Int?], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireWeights(layer.weights, count: 0)
        guard let activation = try Activation.ofLayer(config, hardSigmoid: context.hardSigmoid) else {
            throw NeuralKernelsError.unsupportedLayer(name: layer.name, className: layer.className)
        }
        if case .softmax(let axis) = activation { _ = try config.axis(axis, rank: inputShape.count) }
        self.inputShape = inputShape
        self.activation = activation
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        var values = input.values
        try activation.apply(&values, shape: input.shape)
        return Tensor(uncheckedShape: input.shape, values: values)
    }
}
