/// Keras `Cropping1D`: `[batch, length, features] → [batch, length − start − end, features]`.
struct Cropping1DLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let start: Int
    let end: Int

    init(_ spec: Cropping1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let (start, end) = (spec.start, spec.end)
        (self.start, self.end) = (start, end)
        if let length = inputShape[1], length < start + end {
            throw layer.shape("input", expected: "at least \(start + end) time steps", actual: inputShape)
        }
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1].map { $0 - start - end }, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        guard input.shape[1] >= start + end else {
            throw layer.shape("input", expected: "at least \(start + end) time steps", actual: input.shape)
        }
        let start = self.start
        return try TimeAxis.gather(input, outLength: input.shape[1] - start - end) { $0 + start }
    }
}
