import KerasFormat

/// Keras `Cropping1D`: `[batch, length, features] → [batch, length − start − end, features]`.
struct Cropping1DLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let start: Int
    let end: Int

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireRank(inputShape, 3)
        let (start, end) = try TimeAxis.pair(config, key: "cropping", default: 1)
        (self.start, self.end) = (start, end)
        if let length = inputShape[1], length < start + end {
            throw config.shape("input", expected: "at least \(start + end) time steps", actual: inputShape)
        }
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1].map { $0 - start - end }, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        guard input.shape[1] >= start + end else {
            throw config.shape("input", expected: "at least \(start + end) time steps", actual: input.shape)
        }
        let start = self.start
        return try TimeAxis.gather(input, outLength: input.shape[1] - start - end) { $0 + start }
    }
}
