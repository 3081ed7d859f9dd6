import KerasFormat

/// Keras `RepeatVector`: `[batch, features] → [batch, n, features]`.
struct RepeatVectorLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let count: Int

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireRank(inputShape, 2)
        self.count = try config.int("n", atLeast: 0)
        self.inputShape = inputShape
        self.outputShape = [nil, count, inputShape[1]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let (batch, features) = (input.shape[0], input.shape[1])
        var output = [Float]()
        output.reserveCapacity(try Tensor.checkedElementCount([batch, count, features], context: "layer '\(config.name)'"))
        for sample in 0..<batch {
            let row = input.values[(sample * features)..<((sample + 1) * features)]
            for _ in 0..<count { output.append(contentsOf: row) }
        }
        return Tensor(uncheckedShape: [batch, count, features], values: output)
    }
}
