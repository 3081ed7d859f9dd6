/// Keras `DepthwiseConv1D`: `[batch, length, in] → [batch, outLength, in·depth_multiplier]`;
/// kernel `[kernel_size, in, depth_multiplier]`, bias `[in·depth_multiplier]`.
struct DepthwiseConv1DLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let channels: Int
    let multiplier: Int
    let geometry: WindowGeometry
    let kernel: [Float]
    let bias: [Float]
    let activation: Activation

    init(_ spec: DepthwiseConv1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let (size, multiplier) = (spec.kernelSize, spec.depthMultiplier)
        let channels = try layer.knownLast(inputShape)
        try layer.check(spec.kernel, "kernel", shape: [size, channels, multiplier])
        self.bias = try layer.bias(spec.bias, count: channels * multiplier)
        self.geometry = spec.window
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), channels * multiplier]
        self.channels = channels
        self.multiplier = multiplier
        self.kernel = spec.kernel.values
        self.activation = spec.activation
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
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
