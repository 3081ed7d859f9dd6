/// A fully connected layer (`DenseSpec`) on the last axis of any-rank input: `[…, in] → […, units]`.
struct DenseLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let inputSize: Int
    let units: Int
    /// `[in, units]` row-major.
    var kernel: [Float]
    /// `[units]`, zeros when the layer has no bias.
    var bias: [Float]
    let activation: Activation

    init(_ spec: DenseSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        let inputSize = try layer.knownLast(inputShape, what: "feature")
        try layer.check(spec.kernel, "kernel", shape: [inputSize, spec.units])
        self.bias = try layer.bias(spec.bias, count: spec.units)
        self.inputShape = inputShape
        self.outputShape = Array(inputShape.dropLast()) + [spec.units]
        self.inputSize = inputSize
        self.units = spec.units
        self.kernel = spec.kernel.values
        self.activation = spec.activation
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let rows = input.values.count / inputSize
        var output = [Float](tiling: bias, rows: rows)
        input.values.withBase { x in
            kernel.withBase { w in
                output.withMutableBase { y in
                    BLAS.gemm(m: rows, n: units, k: inputSize, a: x, lda: inputSize, b: w, ldb: units, beta: 1, c: y,
                              ldc: units)
                }
            }
        }
        var shape = input.shape
        shape[shape.count - 1] = units
        try activation.apply(&output, shape: shape)
        return Tensor(uncheckedShape: shape, values: output)
    }
}
