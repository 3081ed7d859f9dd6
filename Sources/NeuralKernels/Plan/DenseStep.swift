/// Dense on the last axis: `[rows, in] → [rows, units]`, kernel `[in, units]`, epilogue bias + activation (+ BN).
/// The product is OpenBLAS or the packed GEMM (`KernelChoice.matrixProduct`); with the packed GEMM the bias is the
/// starting value of the sums, and a ReLU / BatchNormalization epilogue runs in registers before the store.
struct DenseStep: Sendable {
    let inputSize: Int, units: Int, rowsPerSample: Int
    let kernel: [Float]
    var epilogue: Epilogue
    /// The product this step runs (fixed at load: it depends on the shape and the machine, not on the batch).
    let product: MatrixProduct
    /// The kernel in `nk_gemm_pack`'s panels (nil unless `product` is packed; also nil for an empty input or
    /// output, which then takes the OpenBLAS path).
    let packedKernel: PackedMatrix?

    /// `product` nil takes `KernelChoice.matrixProduct` (sweeps pass a fixed one).
    init(inputSize: Int, units: Int, rowsPerSample: Int, kernel: [Float], epilogue: Epilogue,
         product: MatrixProduct? = nil) {
        (self.inputSize, self.units, self.rowsPerSample) = (inputSize, units, rowsPerSample)
        (self.kernel, self.epilogue) = (kernel, epilogue)
        let product = product ?? KernelChoice.matrixProduct(depth: inputSize, columns: units)
        self.product = product
        if case .packed = product, inputSize > 0, units > 0 {
            packedKernel = PackedMatrix(packing: kernel, depth: inputSize, columns: units)
        } else {
            packedKernel = nil
        }
    }

    var flopsPerSample: Int { 2 * rowsPerSample * inputSize * units }

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let rows = batch * rowsPerSample
        if case let .packed(level) = product, let packedKernel {
            if epilogue.isFusable {
                epilogue.withFused { fused in
                    packedKernel.multiply(level: level, rows: rows, a: input, lda: inputSize, epilogue: fused,
                                          c: output, ldc: units)
                }
                return
            }
            // (x + bias) comes first in every epilogue, so the bias can seed the sums and the rest follow.
            var rest = epilogue
            rest.bias = nil
            if let bias = epilogue.bias {
                bias.withUnsafeBufferPointer { bias in
                    packedKernel.multiply(level: level, rows: rows, a: input, lda: inputSize, bias: bias.baseAddress,
                                          c: output, ldc: units)
                }
            } else {
                packedKernel.multiply(level: level, rows: rows, a: input, lda: inputSize, bias: nil, c: output,
                                      ldc: units)
            }
            rest.apply(from: output, to: output, rows: rows, channels: units)
            return
        }
        kernel.withUnsafeBufferPointer { kernel in
            guard let w = kernel.baseAddress else { return }
            BLAS.gemm(m: rows, n: units, k: inputSize, a: input, lda: inputSize, b: w, ldb: units, beta: 0,
                        c: output, ldc: units)
        }
        epilogue.apply(from: output, to: output, rows: rows, channels: units)
    }
}
