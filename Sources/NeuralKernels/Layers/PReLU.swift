/// Keras `PReLU`: `x ≥ 0 ? x : alpha·x` with a learned `alpha` of the input's non-batch shape, size 1 on `shared_axes`.
struct PReLULayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    /// Alpha shape (non-batch axes; 1 on shared axes).
    let alphaShape: [Int]
    let alpha: [Float]

    init(_ spec: PReLUSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        let shared = spec.sharedAxes
        var alphaShape = [Int]()
        for axis in 1..<max(1, inputShape.count) {
            if shared.contains(axis) {
                alphaShape.append(1)
            } else if let size = inputShape[axis] {
                alphaShape.append(size)
            } else {
                throw layer.shape("input", expected: "known sizes on unshared axes", actual: inputShape)
            }
        }
        guard spec.alpha.values.count == alphaShape.reduce(1, *) else {
            throw layer.badWeights("alpha has shape \(spec.alpha.shape), expected \(alphaShape)")
        }
        self.inputShape = inputShape
        self.alphaShape = alphaShape
        self.alpha = spec.alpha.values
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let alphaTensor = Tensor(uncheckedShape: [1] + alphaShape, values: alpha)
        let expanded = MergeLayer.broadcastValues(alphaTensor, to: input.shape)
        var values = input.values
        for index in values.indices where values[index] < 0 { values[index] *= expanded[index] }
        return Tensor(uncheckedShape: input.shape, values: values)
    }
}
