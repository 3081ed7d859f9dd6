import KerasFormat

/// Keras `PReLU`: `x ≥ 0 ? x : alpha·x` with a learned `alpha` of the input's non-batch shape, size 1 on `shared_axes`.
struct PReLULayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    /// Alpha shape (non-batch axes; 1 on shared axes).
    let alphaShape: [Int]
    let alpha: [Float]

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        let shared = try config.intList("shared_axes", default: [])
        var alphaShape = [Int]()
        for axis in 1..<max(1, inputShape.count) {
            if shared.contains(axis) {
                alphaShape.append(1)
            } else if let size = inputShape[axis] {
                alphaShape.append(size)
            } else {
                throw config.shape("input", expected: "known sizes on unshared axes", actual: inputShape)
            }
        }
        try config.requireWeights(layer.weights, count: 1)
        guard layer.weights[0].values.count == alphaShape.reduce(1, *) else {
            throw config.badWeights("alpha has shape \(layer.weights[0].shape), expected \(alphaShape)")
        }
        self.inputShape = inputShape
        self.alphaShape = alphaShape
        self.alpha = layer.weights[0].values
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let alphaTensor = Tensor(uncheckedShape: [1] + alphaShape, values: alpha)
        let expanded = MergeLayer.broadcastValues(alphaTensor, to: input.shape)
        var values = input.values
        for index in values.indices where values[index] < 0 { values[index] *= expanded[index] }
        return Tensor(uncheckedShape: input.shape, values: values)
    }
}
