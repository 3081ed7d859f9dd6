/// An activation applied to the whole tensor (`LayerSpec.activation`). Shape-preserving.
struct ActivationLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    let activation: Activation

    init(_ activation: Activation, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        if case .softmax(let axis) = activation { _ = try layer.axis(axis, rank: inputShape.count) }
        self.inputShape = inputShape
        self.activation = activation
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        var values = input.values
        try activation.apply(&values, shape: input.shape)
        return Tensor(uncheckedShape: input.shape, values: values)
    }
}
