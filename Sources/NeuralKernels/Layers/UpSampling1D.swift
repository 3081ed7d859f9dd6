import KerasFormat

/// Keras `UpSampling1D`: repeats each time step `size` times, `[batch, length, features] → [batch, length·size, features]`.
struct UpSampling1DLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let size: Int

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireRank(inputShape, 3)
        let size = try config.int("size", default: 2, atLeast: 1)
        self.size = size
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1].map { $0 * size }, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let size = self.size
        return try TimeAxis.gather(input, outLength: input.shape[1] * size) { $0 / size }
    }
}
