/// Keras `Flatten` (channels_last): `[batch, d1, d2, …] → [batch, d1·d2·…]`.
struct FlattenLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]

    init(layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        self.inputShape = inputShape
        let inner = Array(inputShape.dropFirst())
        let known = try Tensor.checkedElementCount(inner.compactMap { $0 }, context: "layer '\(layer.name)' input")
        self.outputShape = [nil, inner.contains(where: { $0 == nil }) ? nil : known]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        return input.reshaped([input.batch, input.values.count / max(1, input.batch)])
    }
}
