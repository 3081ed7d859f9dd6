import KerasFormat

/// Keras `MaxPooling1D` / `AveragePooling1D` (channels_last): `[batch, length, channels] → [batch, outLength, channels]`.
/// With `same` padding the padded positions are ignored: max over real samples, mean over real samples only (as TF).
struct Pooling1DLayer: UnaryOperation {
    enum Kind: Sendable { case max, average }

    let config: LayerConfig
    let kind: Kind
    let inputShape: [Int?]
    let outputShape: [Int?]
    let geometry: WindowGeometry

    init(_ layer: KerasLayer, kind: Kind, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        self.kind = kind
        try config.requireChannelsLast()
        try config.requireRank(inputShape, 3)
        _ = try config.knownLast(inputShape)
        let size = try config.int("pool_size", default: 2, atLeast: 1)
        let stride = try config.int("strides", default: size, atLeast: 1)
        self.geometry = WindowGeometry(size: size, stride: stride, dilation: 1, padding: try config.padding(allowCausal: false))
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), inputShape[2]]
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
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
