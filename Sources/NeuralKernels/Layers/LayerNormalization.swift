import HDF5Reader

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
        let axes = try (config.has("axis") ? try config.intList("axis") : [-1])
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
        let shape = input.shape
        // Split every element index into (group index over the kept axes, parameter index over the normalised axes).
        let normalised = Set(axes)
        var groupStrides = [Int](repeating: 0, count: shape.count)
        var paramStrides = [Int](repeating: 0, count: shape.count)
        var groupStride = 1, paramStride = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            if normalised.contains(axis) {
                paramStrides[axis] = paramStride
                paramStride *= shape[axis]
            } else {
                groupStrides[axis] = groupStride
                groupStride *= shape[axis]
            }
        }
        let groups = groupStride, size = paramStride
        var groupOf = [Int](repeating: 0, count: input.values.count)
        var paramOf = [Int](repeating: 0, count: input.values.count)
        var coordinate = [Int](repeating: 0, count: shape.count)
        for index in 0..<input.values.count {
            var group = 0, param = 0
            for axis in 0..<shape.count {
                group += coordinate[axis] * groupStrides[axis]
                param += coordinate[axis] * paramStrides[axis]
            }
            groupOf[index] = group
            paramOf[index] = param
            var axis = shape.count - 1
            while axis >= 0 {
                coordinate[axis] += 1
                if coordinate[axis] < shape[axis] { break }
                coordinate[axis] = 0
                axis -= 1
            }
        }
        var mean = [Float](repeating: 0, count: groups)
        var variance = [Float](repeating: 0, count: groups)
        for (index, value) in input.values.enumerated() { mean[groupOf[index]] += value }
        for group in 0..<groups { mean[group] /= Float(size) }
        for (index, value) in input.values.enumerated() {
            let centred = value - mean[groupOf[index]]
            variance[groupOf[index]] += centred * centred
        }
        let inverse = variance.map { 1 / ($0 / Float(size) + epsilon).squareRoot() }
        var output = input.values
        for index in 0..<output.count {
            let group = groupOf[index], param = paramOf[index]
            output[index] = (output[index] - mean[group]) * inverse[group] * gamma[param] + beta[param]
        }
        return Tensor(uncheckedShape: shape, values: output)
    }
}
