import KerasFormat

/// Keras `Conv1D` (channels_last): `[batch, length, in] → [batch, outLength, filters]`; kernel
/// `[kernel_size, in/groups, filters]`, bias `[filters]`. Padding valid, same or causal; strides, dilation, groups.
struct Conv1DLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let channels: Int
    let filters: Int
    let groups: Int
    let geometry: WindowGeometry
    /// `[kernel_size, in/groups, filters]` row-major.
    var kernel: [Float]
    /// `[filters]`, zeros without bias.
    var bias: [Float]
    let activation: Activation

    init(_ layer: KerasLayer, inputShape: [Int?], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        try config.requireChannelsLast()
        try config.requireRank(inputShape, 3)
        let filters = try config.int("filters", atLeast: 1)
        let size = try config.int("kernel_size", atLeast: 1)
        let groups = try config.int("groups", default: 1, atLeast: 1)
        let channels = try config.knownLast(inputShape)
        guard channels % groups == 0, filters % groups == 0 else {
            throw config.bad("groups", "\(groups) must divide both the input channels (\(channels)) and filters (\(filters))")
        }
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(layer.weights, count: useBias ? 2 : 1)
        try check(layer.weights[0], shape: [size, channels / groups, filters], in: config)
        self.bias = try config.bias(layer.weights, at: 1, count: filters, present: useBias)
        self.geometry = try config.convolutionWindow(size: size)
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), filters]
        self.channels = channels
        self.filters = filters
        self.groups = groups
        self.kernel = layer.weights[0].values
        self.activation = try context.activation(config)
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let (batch, length) = (input.shape[0], input.shape[1])
        var (values, outLength) = input.values.withBase { x in
            kernel.withBase { w in
                bias.withBase { b in
                    Convolution.forward(
                        input: x, batch: batch, length: length, channels: channels,
                        kernel: w, bias: b, filters: filters, groups: groups, geometry: geometry)
                }
            }
        }
        let shape = [batch, outLength, filters]
        try activation.apply(&values, shape: shape)
        return Tensor(uncheckedShape: shape, values: values)
    }
}

extension Conv1DLayer: AffineFoldable {
    var outputChannels: Int { filters }
}
