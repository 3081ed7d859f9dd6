/// Keras `SeparableConv1D`: a depthwise convolution (`[kernel_size, in, depth_multiplier]`, no bias) followed by a
/// pointwise one (`[1, in·depth_multiplier, filters]`) and bias `[filters]`: `[batch, length, in] → [batch, outLength, filters]`.
struct SeparableConv1DLayer: UnaryOperation {
    let layer: LayerIdentity
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

    init(_ spec: SeparableConv1DSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        try layer.requireRank(inputShape, 3)
        let (size, multiplier, filters) = (spec.kernelSize, spec.depthMultiplier, spec.filters)
        let channels = try layer.knownLast(inputShape)
        try layer.check(spec.depthwiseKernel, "depthwise_kernel", shape: [size, channels, multiplier])
        try layer.check(spec.pointwiseKernel, "pointwise_kernel", shape: [1, channels * multiplier, filters])
        self.bias = try layer.bias(spec.bias, count: filters)
        self.geometry = spec.window
        self.inputShape = inputShape
        self.outputShape = [nil, geometry.outputLength(inputShape[1]), filters]
        self.channels = channels
        self.multiplier = multiplier
        self.filters = filters
        self.depthwiseKernel = spec.depthwiseKernel.values
        self.pointwiseKernel = spec.pointwiseKernel.values
        self.activation = spec.activation
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
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
        var output = [Float](tiling: bias, rows: rows)
        depthwise.withBase { x in
            pointwiseKernel.withBase { w in
                output.withMutableBase { y in
                    BLAS.gemm(m: rows, n: filters, k: width, a: x, lda: width, b: w, ldb: filters, beta: 1, c: y,
                              ldc: filters)
                }
            }
        }
        let shape = [batch, outLength, filters]
        try activation.apply(&output, shape: shape)
        return Tensor(uncheckedShape: shape, values: output)
    }
}
