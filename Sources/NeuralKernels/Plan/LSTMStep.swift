import _NeuralKernelsSIMD

/// How a planned LSTM schedules its input projection.
enum LSTMVariant: String, Sendable, CaseIterable {
    /// x·W for all time steps in one GEMM up front (`[B·T, in] × [in, 4u]`), then one small GEMM per step.
    case hoistedInput = "hoisted input GEMM"
    /// Two GEMMs per step (x_t·W and h·U) into a `[B, 4u]` buffer: smaller working set, more calls.
    case perStep = "per-step GEMMs"
}

/// Keras LSTM, batch-first: `[B, T, in] → [B, T, u]` (return_sequences) or `[B, u]`.
/// Kernel `[in, 4u]`, recurrent kernel `[u, 4u]`, bias `[4u]`, gate order i, f, c, o:
/// i, f, o = recurrentActivation(z), g = activation(z), c = f·c + i·g, h = o·activation(c).
/// tanh / sigmoid take vectorised `FastMath` paths, other activations the `Activation` loops.
struct LSTMStep: Sendable {
    let inputSize: Int, units: Int
    /// Time steps (set per call for a time-major layer, whose steps are the model's leading axis).
    var steps: Int
    let returnSequences: Bool
    let kernel: [Float], recurrentKernel: [Float], bias: [Float]
    var activation: Activation = .tanh
    var recurrentActivation: Activation = .sigmoid
    /// Fixed variant (sweeps), or nil to pick per call from the batch size (`KernelChoice.lstm`).
    var variant: LSTMVariant?
    /// Fixed recurrent product (sweeps), or nil to pick per call from the batch size (`KernelChoice.recurrentProduct`).
    var recurrentProduct: RecurrentProduct?
    /// The input projection x·W + bias (`KernelChoice.matrixProduct` unless given; fixed at load).
    let inputProduct: MatrixProduct
    /// W `[in, 4u]` in `nk_gemm_pack`'s panels (nil unless `inputProduct` is packed).
    let packedKernel: PackedMatrix?
    /// U in the packed kernel's gate-interleaved panels (`nk_recurrent_pack`), built once here:
    /// ⌈u/16⌉ · u · 4 · 16 floats.
    let packedRecurrentKernel: [Float]

    init(inputSize: Int, units: Int, steps: Int, returnSequences: Bool, kernel: [Float], recurrentKernel: [Float],
         bias: [Float], activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
         variant: LSTMVariant? = nil, recurrentProduct: RecurrentProduct? = nil, inputProduct: MatrixProduct? = nil) {
        (self.inputSize, self.units, self.steps, self.returnSequences) = (inputSize, units, steps, returnSequences)
        (self.kernel, self.recurrentKernel, self.bias) = (kernel, recurrentKernel, bias)
        (self.activation, self.recurrentActivation) = (activation, recurrentActivation)
        (self.variant, self.recurrentProduct) = (variant, recurrentProduct)
        let inputProduct = inputProduct ?? KernelChoice.matrixProduct(depth: inputSize, columns: 4 * units)
        self.inputProduct = inputProduct
        if case .packed = inputProduct, inputSize > 0, units > 0 {
            packedKernel = PackedMatrix(packing: kernel, depth: inputSize, columns: 4 * units)
        } else {
            packedKernel = nil
        }
        let count = nk_recurrent_packed_count(Int32(units), 4)
        packedRecurrentKernel = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            recurrentKernel.withUnsafeBufferPointer { recurrent in
                if let source = recurrent.baseAddress, let target = buffer.baseAddress, count > 0 {
                    nk_recurrent_pack(source, Int32(units), 4, target)
                }
            }
            initialized = count
        }
    }

    var outputPerSample: Int { returnSequences ? steps * units : units }
    /// Gate pre-activations (`[T, 4u]` hoisted, `[4u]` per step), the cell state `[u]` and two h buffers `[2, u]`
    /// (the packed kernel's h_{t−1} and h_t without return_sequences), for either variant.
    var scratchPerSample: Int { (variant == .perStep ? 1 : steps) * 4 * units + 3 * units }
    var flopsPerSample: Int { 2 * steps * 4 * units * (inputSize + units) }

    /// `cellState`, when given, receives the final cell state `[B, u]`; `initialState` holds h₀ and c₀ (each
    /// `[B, u]`, zeros when nil).
    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>, cellState: UnsafeMutablePointer<Float>? = nil,
             initialState: (h: UnsafePointer<Float>, c: UnsafePointer<Float>)? = nil) {
        let gates = 4 * units
        let plain = activation == .tanh && recurrentActivation == .sigmoid
        let variant = self.variant ?? KernelChoice.lstm(batch: batch, steps: steps, units: units)
        let rowsPerSample = variant == .hoistedInput ? steps : 1
        let z = scratch, cell = scratch + batch * rowsPerSample * gates, hBuffers = cell + batch * units
        // The fused packed kernel (sigmoid / tanh only); it cannot write h_t over h_{t−1}, so without
        // return_sequences (one h slot per sample in the output) h alternates between two scratch rows per sample
        // and only the last step writes the output.
        var fusedLevel: SIMDLevel?
        if plain, case let .packed(level) = recurrentProduct ?? KernelChoice.recurrentProduct(batch: batch, units: units) {
            fusedLevel = level
        }
        if let c0 = initialState?.c { cell.update(from: c0, count: batch * units) } else {
            cell.initialize(repeating: 0, count: batch * units)
        }
        // h_t of sample b lives at output + b·hSample + t·hStep (only the last is kept without return_sequences).
        let hSample = outputPerSample, hStep = returnSequences ? units : 0
        kernel.withUnsafeBufferPointer { kernel in
            recurrentKernel.withUnsafeBufferPointer { recurrent in
                packedRecurrentKernel.withUnsafeBufferPointer { packed in
                    bias.withUnsafeBufferPointer { bias in
                        guard let w = kernel.baseAddress, let u = recurrent.baseAddress, let b = bias.baseAddress,
                            let packed = packed.baseAddress
                        else {
                            return
                        }
                        if variant == .hoistedInput, case let .packed(level) = inputProduct, let packedKernel {
                            packedKernel.multiply(level: level, rows: batch * steps, a: input, lda: inputSize, bias: b,
                                                  c: z, ldc: gates)
                        } else if variant == .hoistedInput {
                            for row in 0..<(batch * steps) { (z + row * gates).update(from: b, count: gates) }
                            BLAS.gemm(m: batch * steps, n: gates, k: inputSize, a: input, lda: inputSize, b: w,
                                        ldb: gates, beta: 1, c: z, ldc: gates)
                        }
                        for t in 0..<steps {
                            let zt: UnsafeMutablePointer<Float>, ldz: Int
                            if variant == .hoistedInput {
                                zt = z + t * gates
                                ldz = steps * gates
                            } else {
                                zt = z
                                ldz = gates
                                if case let .packed(level) = inputProduct, let packedKernel {
                                    packedKernel.multiply(level: level, rows: batch, a: input + t * inputSize,
                                                          lda: steps * inputSize, bias: b, c: z, ldc: gates)
                                } else {
                                    for row in 0..<batch { (z + row * gates).update(from: b, count: gates) }
                                    BLAS.gemm(m: batch, n: gates, k: inputSize, a: input + t * inputSize,
                                                lda: steps * inputSize, b: w, ldb: gates, beta: 1, c: z, ldc: gates)
                                }
                            }
                            if let level = fusedLevel {
                            // h_{t−1} and h_t with their per-sample strides (see `hBuffers` above).
                            let pingPong = hStep == 0
                            let previous: UnsafePointer<Float>?, ldh: Int
                            if t == 0 {
                                (previous, ldh) = (initialState?.h, units)
                            } else if pingPong {
                                (previous, ldh) = (UnsafePointer(hBuffers + ((t - 1) % 2) * units), 2 * units)
                            } else {
                                (previous, ldh) = (UnsafePointer(output + (t - 1) * hStep), hSample)
                            }
                            let (current, ldo) = pingPong && t < steps - 1
                                ? (hBuffers + (t % 2) * units, 2 * units) : (output + t * hStep, hSample)
                            nk_lstm_step(level.cLevel, packed, Int32(units), Int32(batch), zt, ldz, previous, ldh,
                                         cell, current, ldo)
                            continue
                        }
                        // h_{t−1}: the previous output, or h₀ (row stride u) at t = 0.
                            let previous: UnsafePointer<Float>?, ldh: Int
                            if t > 0 {
                                (previous, ldh) = (UnsafePointer(output + (t - 1) * hStep), hSample)
                            } else {
                                (previous, ldh) = (initialState?.h, units)
                            }
                            if let previous, batch <= KernelChoice.largestGEMVBatch {
                                for sample in 0..<batch {
                                    BLAS.vectorTimesMatrix(n: gates, k: units, x: previous + sample * ldh,
                                                           a: u, lda: gates, beta: 1, y: zt + sample * ldz)
                                }
                            } else if let previous {
                                BLAS.gemm(m: batch, n: gates, k: units, a: previous, lda: ldh,
                                          b: u, ldb: gates, beta: 1, c: zt, ldc: ldz)
                            }
                            for sample in 0..<batch {
                                if plain {
                                    cellUpdate(z: zt + sample * ldz, cell: cell + sample * units,
                                               h: output + sample * hSample + t * hStep)
                                } else {
                                    generalCellUpdate(z: zt + sample * ldz, cell: cell + sample * units,
                                                      h: output + sample * hSample + t * hStep)
                                }
                            }
                        }
                    }
                }
            }
        }
        cellState?.update(from: cell, count: batch * units)
    }

    /// The cell update with any activations, in place on the gate pre-activations `z`.
    @inline(__always)
    private func generalCellUpdate(z: UnsafeMutablePointer<Float>, cell: UnsafeMutablePointer<Float>,
                                   h: UnsafeMutablePointer<Float>) {
        let zi = z, zf = z + units, zg = z + (units &* 2), zo = z + (units &* 3)
        recurrentActivation.apply(zi, rows: 1, width: units &* 2)
        recurrentActivation.apply(zo, rows: 1, width: units)
        activation.apply(zg, rows: 1, width: units)
        for j in 0..<units {
            cell[j] = zf[j] * cell[j] + zi[j] * zg[j]
            h[j] = cell[j]
        }
        activation.apply(h, rows: 1, width: units)
        for j in 0..<units { h[j] *= zo[j] }
    }

    /// c = σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c), 8 units at a time. Index arithmetic wraps (`&+`): every offset
    /// is below `4 · units`, which the planner bounds.
    @inline(__always)
    private func cellUpdate(z: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>) {
        let zi = z, zf = z + units, zg = z + (units &* 2), zo = z + (units &* 3)
        var j = 0
        let whole = units & ~7
        while j < whole {
            update(zi + j, zf + j, zg + j, zo + j, cell + j, h + j, lanes: 8)
            j &+= 8
        }
        if j < units { update(zi + j, zf + j, zg + j, zo + j, cell + j, h + j, lanes: units &- j) }
    }

    @inline(__always)
    private func update(_ zi: UnsafePointer<Float>, _ zf: UnsafePointer<Float>, _ zg: UnsafePointer<Float>,
                        _ zo: UnsafePointer<Float>, _ cell: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Float>,
                        lanes: Int) {
        let i = FastMath.sigmoid(FastMath.load(zi, count: lanes))
        let f = FastMath.sigmoid(FastMath.load(zf, count: lanes))
        let g = FastMath.tanh(FastMath.load(zg, count: lanes))
        let o = FastMath.sigmoid(FastMath.load(zo, count: lanes))
        let c = f * FastMath.load(cell, count: lanes) + i * g
        FastMath.store(c, cell, count: lanes)
        FastMath.store(o * FastMath.tanh(c), h, count: lanes)
    }
}
