import KerasFormat

/// Keras `DepthwiseConv1D`: `[batch, length, in] → [batch, outLength, in·depth_multiplier]`;
/// kernel `[kernel_size, in, depth_multiplier]`, bias `[in·depth_multiplier]`.
struct DepthwiseConv1DLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let channels: Int
    let multiplier: Int
    let geometry: WindowGeometry
    let kernel: [Float]
    let bias: [Float]
    let activation: Activation

    init(_ layer: KerasLayer, inputShape: [Int?], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireChannelsLast()
        try config.requireRank(inputShape, 3)
        let size = try config.int("kernel_size", atLeast: 1)
        let multiplier = try config.int("depth_multiplier", default: 1, atLeast: 1)
        let channels = try config.knownLast(inputShape)
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(layer.weights, count: useBias ? 2 : 1)
        try check(layer.weights[0], shape: [size, channels, multiplier], in: config)
        self.bias = try config.bias(layer.weights, at: 1, count: channels * multiplier, present: useBias)
        self.geometry = try config.convolutionWindow(size: size)
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), channels * multiplier]
        self.channels = channels
        self.multiplier = multiplier
        self.kernel = layer.weights[0].values
        self.activation = try context.activation(config)
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let (batch, length) = (input.shape[0], input.shape[1])
        var (values, outLength) = input.values.withBase { x in
            kernel.withBase { w in
                bias.withBase { b in
                    Convolution.depthwise(
                        input: x, batch: batch, length: length, channels: channels,
                        kernel: w, bias: b, multiplier: multiplier, geometry: geometry)
                }
            }
        }
        let shape = [batch, outLength, channels * multiplier]
        try activation.apply(&values, shape: shape)
        return Tensor(uncheckedShape: shape, values: values)
    }
}
