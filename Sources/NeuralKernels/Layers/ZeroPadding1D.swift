import KerasFormat

/// Keras `ZeroPadding1D`: `[batch, length, features] → [batch, left + length + right, features]`.
struct ZeroPadding1DLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let left: Int
    let right: Int

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireRank(inputShape, 3)
        let (left, right) = try TimeAxis.pair(config, key: "padding", default: 1)
        (self.left, self.right) = (left, right)
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1].map { $0 + left + right }, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let left = self.left
        return try TimeAxis.gather(input, outLength: input.shape[1] + left + right) { $0 - left }
    }
}
