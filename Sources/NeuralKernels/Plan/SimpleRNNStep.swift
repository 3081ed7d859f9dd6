/// SimpleRNN, batch-first: `[B, T, in] → [B, T, u]` (return_sequences) or `[B, u]`;
/// `h_t = activation(x_t·kernel + bias + h_{t−1}·recurrentKernel)`, h_{−1} = 0. The input projection of every step is
/// one GEMM into the scratch `[B, T, u]`; each step then adds its recurrent product in place (one GEMM over the batch)
/// and applies the activation.
struct SimpleRNNStep: Sendable {
    let inputSize: Int, units: Int
    /// Time steps (set per call for a time-major layer, whose steps are the model's leading axis).
    var steps: Int
    let returnSequences: Bool
    /// `[in, u]`, `[u, u]`, `[u]`.
    let kernel: [Float], recurrentKernel: [Float], bias: [Float]
    let activation: Activation

    var outputPerSample: Int { returnSequences ? steps * units : units }
    var scratchPerSample: Int { steps * units }
    var flopsPerSample: Int { 2 * steps * units * (inputSize + units) }

    /// `initialState`: h₀ `[B, u]` (zeros when nil).
    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>, initialState: UnsafePointer<Float>? = nil) {
        let rowStride = steps &* units
        kernel.withUnsafeBufferPointer { kernel in
            recurrentKernel.withUnsafeBufferPointer { recurrent in
                bias.withUnsafeBufferPointer { bias in
                    guard let w = kernel.baseAddress, let u = recurrent.baseAddress, let b = bias.baseAddress else {
                        return
                    }
                    // [B·T, in] · [in, u] → scratch [B, T, u].
                    BLAS.gemm(m: batch &* steps, n: units, k: inputSize, a: input, lda: inputSize, b: w, ldb: units,
                                beta: 0, c: scratch, ldc: units)
                    for step in 0..<steps {
                        let current = scratch + step &* units
                        if step == 0, let h0 = initialState {
                            BLAS.gemm(m: batch, n: units, k: units, a: h0, lda: units, b: u, ldb: units, beta: 1,
                                      c: current, ldc: rowStride)
                        } else if step > 0 {
                            // Rows of the previous step, `rowStride` apart, times the recurrent kernel.
                            BLAS.gemm(m: batch, n: units, k: units, a: current - units, lda: rowStride, b: u,
                                        ldb: units, beta: 1, c: current, ldc: rowStride)
                        }
                        for sample in 0..<batch {
                            let row = current + sample &* rowStride
                            for j in 0..<units { row[j] += b[j] }
                            activation.apply(row, rows: 1, width: units)
                        }
                    }
                }
            }
        }
        if returnSequences {
            output.update(from: scratch, count: batch &* rowStride)
        } else {
            for sample in 0..<batch {
                (output + sample &* units).update(from: scratch + sample &* rowStride + (steps &- 1) &* units, count: units)
            }
        }
    }
}
