import KerasFormat

/// Keras `SeparableConv1D`: a depthwise convolution (`[kernel_size, in, depth_multiplier]`, no bias) followed by a
/// pointwise one (`[1, in·depth_multiplier, filters]`) and bias `[filters]`: `[batch, length, in] → [batch, outLength, filters]`.
struct SeparableConv1DLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let channels: Int
    let multiplier: Int
    let filters: Int
    let geometry: WindowGeometry
    let depthwiseKernel: [Float]
    /// `[in·depth_multiplier, filters]`.
    let pointwiseKernel: [Float]
    let bias: [Float]
    let activation: Activation

    init(_ layer: KerasLayer, inputShape: [Int?], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireChannelsLast()
        try config.requireRank(inputShape, 3)
        let size = try config.int("kernel_size", atLeast: 1)
        let multiplier = try config.int("depth_multiplier", default: 1, atLeast: 1)
        let filters = try config.int("filters", atLeast: 1)
        let channels = try config.knownLast(inputShape)
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(layer.weights, count: useBias ? 3 : 2)
        try check(layer.weights[0], shape: [size, channels, multiplier], in: config)
        try check(layer.weights[1], shape: [1, channels * multiplier, filters], in: config)
        self.bias = try config.bias(layer.weights, at: 2, count: filters, present: useBias)
        self.geometry = try config.convolutionWindow(size: size)
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), filters]
        self.channels = channels
        self.multiplier = multiplier
        self.filters = filters
        self.depthwiseKernel = layer.weights[0].values
        self.pointwiseKernel = layer.weights[1].values
        self.activation = try context.activation(config)
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let (batch, length) = (input.shape[0], input.shape[1])
        let width = channels * multiplier
        let noBias = [Float](repeating: 0, count: width)
        let (depthwise, outLength) = input.values.withBase { x in
            depthwiseKernel.withBase { w in
                noBias.withBase { b in
                    Convolution.depthwise(
                        input: x, batch: batch, length: length, channels: channels,
                        kernel: w, bias: b, multiplier: multiplier, geometry: geometry)
                }
            }
        }
        let rows = batch * outLength
        var output = BLAS.affine(depthwise, rows: rows, k: width, kernel: pointwiseKernel, bias: bias)
        let shape = [batch, outLength, filters]
        try activation.apply(&output, shape: shape)
        return Tensor(uncheckedShape: shape, values: output)
    }
}
