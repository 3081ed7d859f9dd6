/// Keras `ZeroPadding1D`: `[batch, length, features] → [batch, left + length + right, features]`.
struct ZeroPadding1DLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let left: Int
    let right: Int

    init(_ spec: ZeroPadding1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let (left, right) = (spec.left, spec.right)
        (self.left, self.right) = (left, right)
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1].map { $0 + left + right }, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let left = self.left
        return try TimeAxis.gather(input, outLength: input.shape[1] + left + right) { $0 - left }
    }
}
