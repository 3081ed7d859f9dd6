import KerasFormat

/// Keras `LayerNormalization` over one or more axes: each slice over those axes gets
/// `(x − mean) / sqrt(variance + epsilon) · gamma + beta`; gamma and beta have the shape of the normalised axes.
/// Shape-preserving.
struct LayerNormalizationLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    /// Sorted normalised axes (batch axis counted).
    let axes: [Int]
    let epsilon: Float
    let gamma: [Float]
    let beta: [Float]

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        if try config.bool("rms_scaling", default: false) { throw config.unsupported("rms_scaling", "true") }
        let axes = try config.intList("axis", default: [-1])
            .map { try config.axis($0, rank: inputShape.count) }
        let sorted = Array(Set(axes)).sorted()
        guard !sorted.isEmpty else { throw config.bad("axis", "is empty") }
        var paramCount = 1
        for axis in sorted {
            guard let size = inputShape[axis] else {
                throw config.shape("input", expected: "a known size on axis \(axis)", actual: inputShape)
            }
            paramCount *= size
        }
        let hasGamma = try config.bool("scale", default: true)
        let hasBeta = try config.bool("center", default: true)
        try config.requireWeights(layer.weights, count: (hasGamma ? 1 : 0) + (hasBeta ? 1 : 0))
        for weight in layer.weights where weight.values.count != paramCount {
            throw config.badWeights("\(weight.name) has shape \(weight.shape), expected \(paramCount) values")
        }
        self.inputShape = inputShape
        self.axes = sorted
        self.epsilon = Float(try config.double("epsilon", default: 1e-3))
        self.gamma = hasGamma ? layer.weights[0].values : [Float](repeating: 1, count: paramCount)
        self.beta = hasBeta ? layer.weights[hasGamma ? 1 : 0].values : [Float](repeating: 0, count: paramCount)
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        // Move the normalised axes last (a no-op for the usual trailing axes), normalise rows, move them back.
        let kept = (0..<input.rank).filter { !axes.contains($0) }
        let order = kept + axes
        let isTrailing = order == Array(0..<input.rank)
        var rows = isTrailing ? input : Tensor.permuted(input, order: order)
        let size = gamma.count
        let count = rows.values.count / max(1, size)
        rows.values.withMutableBase { x in
            gamma.withBase { g in
                beta.withBase { b in
                    for row in 0..<count {
                        let start = x + row * size
                        var mean: Float = 0
                        for j in 0..<size { mean += start[j] }
                        mean /= Float(size)
                        var variance: Float = 0
                        for j in 0..<size { variance += (start[j] - mean) * (start[j] - mean) }
                        let inverse = 1 / (variance / Float(size) + epsilon).squareRoot()
                        for j in 0..<size { start[j] = (start[j] - mean) * inverse * g[j] + b[j] }
                    }
                }
            }
        }
        if isTrailing { return rows }
        var inverse = [Int](repeating: 0, count: order.count)
        for (position, axis) in order.enumerated() { inverse[axis] = position }
        return Tensor.permuted(rows, order: inverse)
    }
}
