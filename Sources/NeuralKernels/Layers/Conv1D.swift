/// A 1-D convolution (`Conv1DSpec`, channels last): `[batch, length, in] → [batch, outLength, filters]`.
struct Conv1DLayer: UnaryOperation {
    let layer: LayerIdentity
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

    init(_ spec: Conv1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let channels = try layer.knownLast(inputShape)
        guard channels % spec.groups == 0 else {
            throw layer.bad("groups", "\(spec.groups) must divide both the input channels (\(channels)) and filters (\(spec.filters))")
        }
        try layer.check(spec.kernel, "kernel", shape: [spec.kernelSize, channels / spec.groups, spec.filters])
        self.bias = try layer.bias(spec.bias, count: spec.filters)
        self.geometry = spec.window
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), spec.filters]
        self.channels = channels
        self.filters = spec.filters
        self.groups = spec.groups
        self.kernel = spec.kernel.values
        self.activation = spec.activation
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
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
