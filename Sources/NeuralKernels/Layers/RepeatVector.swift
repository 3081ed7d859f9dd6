/// Keras `RepeatVector`: `[batch, features] → [batch, n, features]`.
struct RepeatVectorLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let count: Int

    init(_ spec: RepeatVectorSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 2)
        self.count = spec.count
        self.inputShape = inputShape
        self.outputShape = [nil, count, inputShape[1]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let (batch, features) = (input.shape[0], input.shape[1])
        var output = [Float]()
        output.reserveCapacity(try Tensor.checkedElementCount([batch, count, features], context: "layer '\(layer.name)'"))
        for sample in 0..<batch {
            let row = input.values[(sample * features)..<((sample + 1) * features)]
            for _ in 0..<count { output.append(contentsOf: row) }
        }
        return Tensor(uncheckedShape: [batch, count, features], values: output)
    }
}
