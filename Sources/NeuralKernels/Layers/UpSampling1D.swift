/// Keras `UpSampling1D`: repeats each time step `size` times, `[batch, length, features] → [batch, length·size, features]`.
struct UpSampling1DLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let size: Int

    init(_ spec: UpSampling1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let size = spec.size
        self.size = size
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1].map { $0 * size }, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let size = self.size
        return try TimeAxis.gather(input, outLength: input.shape[1] * size) { $0 / size }
    }
}
