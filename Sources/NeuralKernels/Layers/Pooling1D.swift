/// Keras `MaxPooling1D` / `AveragePooling1D` (channels_last): `[batch, length, channels] → [batch, outLength, channels]`.
/// With `same` padding the padded positions are ignored: max over real samples, mean over real samples only (as TF).
struct Pooling1DLayer: UnaryOperation {
    let layer: LayerIdentity
    let kind: Pooling1DSpec.Kind
    let inputShape: [Int?]
    let outputShape: [Int?]
    let geometry: WindowGeometry

    init(_ spec: Pooling1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        self.kind = spec.kind
        try layer.requireRank(inputShape, 3)
        _ = try layer.knownLast(inputShape)
        self.geometry = spec.window
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let (batch, length, channels) = (input.shape[0], input.shape[1], input.shape[2])
        let (outLength, padLeft) = geometry.output(length: length)
        var output = [Float](repeating: kind == .max ? -Float.infinity : 0, count: batch * outLength * channels)
        input.values.withBase { x in
            output.withMutableBase { y in
                for sample in 0..<batch {
                    for position in 0..<outLength {
                        let start = max(0, position * geometry.stride - padLeft)
                        let end = min(length, position * geometry.stride - padLeft + geometry.size)
                        let target = y + (sample * outLength + position) * channels
                        guard end > start else {
                            target.update(repeating: 0, count: channels)
                            continue
                        }
                        for source in start..<end {
                            let row = x + (sample * length + source) * channels
                            switch kind {
                            case .max: for c in 0..<channels { target[c] = Swift.max(target[c], row[c]) }
                            case .average: for c in 0..<channels { target[c] += row[c] }
                            }
                        }
                        if kind == .average {
                            let scale = 1 / Float(end - start)
                            for c in 0..<channels { target[c] *= scale }
                        }
                    }
                }
            }
        }
        return Tensor(uncheckedShape: [batch, outLength, channels], values: output)
    }
}
