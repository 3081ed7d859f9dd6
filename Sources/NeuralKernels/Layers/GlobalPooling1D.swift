/// Keras `GlobalMaxPooling1D` / `GlobalAveragePooling1D` (channels_last): `[batch, length, channels] → [batch, channels]`,
/// or `[batch, 1, channels]` with `keepdims`.
struct GlobalPooling1DLayer: UnaryOperation {
    let layer: LayerIdentity
    let kind: Pooling1DSpec.Kind
    let keepDims: Bool
    let inputShape: [Int?]
    let outputShape: [Int?]

    init(_ spec: GlobalPooling1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        self.kind = spec.kind
        try layer.requireRank(inputShape, 3)
        self.keepDims = spec.keepDims
        self.inputShape = inputShape
        self.outputShape = keepDims ? [nil, 1, inputShape[2]] : [nil, inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let (batch, length, channels) = (input.shape[0], input.shape[1], input.shape[2])
        guard length > 0 || kind == .average else {
            throw layer.shape("input", expected: "at least one time step", actual: input.shape)
        }
        var output = [Float](repeating: kind == .max ? -Float.infinity : 0, count: batch * channels)
        input.values.withBase { x in
            output.withMutableBase { y in
                for sample in 0..<batch {
                    let target = y + sample * channels
                    for step in 0..<length {
                        let row = x + (sample * length + step) * channels
                        switch kind {
                        case .max: for c in 0..<channels { target[c] = Swift.max(target[c], row[c]) }
                        case .average: for c in 0..<channels { target[c] += row[c] }
                        }
                    }
                    if kind == .average {
                        let scale = 1 / Float(length)
                        for c in 0..<channels { target[c] *= scale }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: keepDims ? [batch, 1, channels] : [batch, channels], values: output)
    }
}
