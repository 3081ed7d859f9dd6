/// Keras `BatchNormalization` in inference mode, along any one axis: `y = x·scale + shift` per channel of that axis,
/// with `scale = gamma / sqrt(moving_variance + epsilon)` and `shift = beta − moving_mean·scale`.
/// Weights `[gamma?, beta?, moving_mean, moving_variance]`, each `[channels]` (gamma absent without `scale`,
/// beta absent without `center`). Shape-preserving.
struct BatchNormalizationLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    /// The normalised axis, batch axis counted.
    let axis: Int
    let scale: [Float]
    let shift: [Float]

    init(_ spec: BatchNormalizationSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        let axis = try layer.axis(spec.axis, rank: inputShape.count)
        guard let channels = inputShape[axis] else {
            throw layer.shape("input", expected: "a known size on axis \(axis)", actual: inputShape)
        }
        guard channels == spec.channels else {
            throw layer.badWeights("moving_mean has shape [\(spec.channels)], expected [\(channels)]")
        }
        self.inputShape = inputShape
        self.axis = axis
        (self.scale, self.shift) = spec.affine
    }

    /// True when the normalised axis is the last one (the case a preceding Dense/Conv1D can absorb).
    var normalisesLastAxis: Bool { axis == inputShape.count - 1 }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let channels = scale.count
        let inner = input.shape[(axis + 1)...].reduce(1, *)
        let outer = input.shape[..<axis].reduce(1, *)
        var output = input.values
        output.withMutableBase { y in
            for block in 0..<outer {
                for channel in 0..<channels {
                    let (a, b) = (scale[channel], shift[channel])
                    let start = y + (block * channels + channel) * inner
                    for index in 0..<inner { start[index] = start[index] * a + b }
                }
            }
        }
        return Tensor(uncheckedShape: input.shape, values: output)
    }
}
