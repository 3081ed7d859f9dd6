/// Keras `LayerNormalization` over one or more axes: each slice over those axes gets
/// `(x − mean) / sqrt(variance + epsilon) · gamma + beta`; gamma and beta have the shape of the normalised axes.
/// Shape-preserving.
struct LayerNormalizationLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    /// Sorted normalised axes (batch axis counted).
    let axes: [Int]
    let epsilon: Float
    let gamma: [Float]
    let beta: [Float]

    init(_ spec: LayerNormalizationSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        let axes = try spec.axes.map { try layer.axis($0, rank: inputShape.count) }
        let sorted = Array(Set(axes)).sorted()
        var paramCount = 1
        for axis in sorted {
            guard let size = inputShape[axis] else {
                throw layer.shape("input", expected: "a known size on axis \(axis)", actual: inputShape)
            }
            paramCount *= size
        }
        for (name, weight) in [("gamma", spec.gamma), ("beta", spec.beta)] {
            if let weight, weight.values.count != paramCount {
                throw layer.badWeights("\(name) has shape \(weight.shape), expected \(paramCount) values")
            }
        }
        self.inputShape = inputShape
        self.axes = sorted
        self.epsilon = spec.epsilon
        self.gamma = spec.gamma?.values ?? [Float](repeating: 1, count: paramCount)
        self.beta = spec.beta?.values ?? [Float](repeating: 0, count: paramCount)
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
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
