/// Keras GRU, batch-first: `[B, T, in] → [B, T, u]` (return_sequences) or `[B, u]`.
/// Kernel `[in, 3u]`, recurrent kernel `[u, 3u]`, gate order z, r, h. With `reset_after` (tf.keras 2 and
/// Keras 3 default) the bias is `[2, 3u]` (input row, recurrent row) and hh = tanh(x_h + r ⊙ (h·U_h + b_rh));
/// without it the bias is `[3u]` and hh = tanh(x_h + (r ⊙ h)·U_h). h = z ⊙ h_prev + (1 − z) ⊙ hh. (tanh stands for `activation`, σ for
/// `recurrentActivation`; tanh / sigmoid take vectorised `FastMath` paths, others the `Activation` loops.)
struct GRUStep: Sendable {
    let inputSize: Int, units: Int
    /// Time steps (set per call for a time-major layer, whose steps are the model's leading axis).
    var steps: Int
    let returnSequences: Bool, resetAfter: Bool
    var activation: Activation = .tanh
    var recurrentActivation: Activation = .sigmoid
    let kernel: [Float], recurrentKernel: [Float]
    /// `[3u]` added to x·W.
    let inputBias: [Float]
    /// `[3u]` added to h·U (zeros without `reset_after`).
    let recurrentBias: [Float]

    var outputPerSample: Int { returnSequences ? steps * units : units }
    /// Input pre-activations `[T, 3u]`, recurrent pre-activations `[3u]` and r ⊙ h `[u]`.
    var scratchPerSample: Int { steps * 3 * units + 3 * units + units }
    var flopsPerSample: Int { 2 * steps * 3 * units * (inputSize + units) }

    /// `initialState`: h₀ `[B, u]` (zeros when nil).
    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>, initialState: UnsafePointer<Float>? = nil) {
        let gates = 3 * units
        let zx = scratch, zh = scratch + batch * steps * gates, resetHidden = zh + batch * gates
        let hSample = outputPerSample, hStep = returnSequences ? units : 0
        kernel.withUnsafeBufferPointer { kernel in
            recurrentKernel.withUnsafeBufferPointer { recurrent in
                inputBias.withUnsafeBufferPointer { inputBias in
                    recurrentBias.withUnsafeBufferPointer { recurrentBias in
                        guard let w = kernel.baseAddress, let u = recurrent.baseAddress,
                            let bx = inputBias.baseAddress, let bh = recurrentBias.baseAddress
                        else { return }
                        for row in 0..<(batch * steps) { (zx + row * gates).update(from: bx, count: gates) }
                        BLAS.gemm(m: batch * steps, n: gates, k: inputSize, a: input, lda: inputSize, b: w, ldb: gates,
                                    beta: 1, c: zx, ldc: gates)
                        for t in 0..<steps {
                            // h_{t−1} of each sample, `ldh` apart: the previous output, or h₀ at t = 0 (zeros
                            // without one, which `previous` signals with nil).
                            let previous: UnsafeMutablePointer<Float>?, ldh: Int
                            if t > 0 {
                                (previous, ldh) = (output + (t - 1) * hStep, hSample)
                            } else {
                                (previous, ldh) = (initialState.map { UnsafeMutablePointer(mutating: $0) }, units)
                            }
                            let current = output + t * hStep
                            for row in 0..<batch { (zh + row * gates).update(from: bh, count: gates) }
                            if let previous {
                                multiply(batch: batch, h: previous, lda: ldh, u: u, columns: resetAfter ? gates : 2 * units,
                                         into: zh)
                            }
                            for sample in 0..<batch {
                                update(x: zx + (sample * steps + t) * gates, hidden: zh + sample * gates,
                                       previous: previous.map { $0 + sample * ldh },
                                       resetHidden: resetHidden + sample * units, stage: .gates)
                            }
                            if !resetAfter, previous != nil {
                                // (r ⊙ h)·U_h into the h block of the recurrent pre-activations.
                                multiply(batch: batch, h: resetHidden, lda: units, u: u + 2 * units, columns: units,
                                         into: zh + 2 * units)
                            }
                            for sample in 0..<batch {
                                update(x: zx + (sample * steps + t) * gates, hidden: zh + sample * gates,
                                       previous: previous.map { $0 + sample * ldh },
                                       resetHidden: resetHidden + sample * units, stage: .state(current + sample * hSample))
                            }
                        }
                    }
                }
            }
        }
    }

    /// into[b, 0..<columns] += h[b]·U[:, 0..<columns] (U has row stride 3u; `into` row stride 3u).
    private func multiply(batch: Int, h: UnsafePointer<Float>, lda: Int, u: UnsafePointer<Float>, columns: Int,
                          into: UnsafeMutablePointer<Float>) {
        if batch <= KernelChoice.largestGEMVBatch {
            for sample in 0..<batch {
                BLAS.vectorTimesMatrix(n: columns, k: units, x: h + sample * lda, a: u, lda: 3 * units, beta: 1,
                                         y: into + sample * 3 * units)
            }
        } else {
            BLAS.gemm(m: batch, n: columns, k: units, a: h, lda: lda, b: u, ldb: 3 * units, beta: 1, c: into,
                        ldc: 3 * units)
        }
    }

    private enum Stage {
        /// z and r into the hidden buffer's first two blocks (σ applied), r ⊙ h into `resetHidden`.
        case gates
        /// hh and the new state, written to the pointer.
        case state(UnsafeMutablePointer<Float>)
    }

    @inline(__always)
    private func update(x: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>, previous: UnsafeMutablePointer<Float>?,
                        resetHidden: UnsafeMutablePointer<Float>, stage: Stage) {
        guard activation == .tanh, recurrentActivation == .sigmoid else {
            return generalUpdate(x: x, hidden: hidden, previous: previous, resetHidden: resetHidden, stage: stage)
        }
        var j = 0
        while j < units {
            let lanes = min(8, units - j)
            let h = previous.map { FastMath.load($0 + j, count: lanes) } ?? FastMath.Vector()
            switch stage {
            case .gates:
                let z = FastMath.sigmoid(FastMath.load(x + j, count: lanes) + FastMath.load(hidden + j, count: lanes))
                let r = FastMath.sigmoid(FastMath.load(x + units + j, count: lanes)
                                         + FastMath.load(hidden + units + j, count: lanes))
                FastMath.store(z, hidden + j, count: lanes)
                FastMath.store(r, hidden + units + j, count: lanes)
                FastMath.store(r * h, resetHidden + j, count: lanes)
            case .state(let destination):
                let z = FastMath.load(hidden + j, count: lanes), r = FastMath.load(hidden + units + j, count: lanes)
                let recurrent = FastMath.load(hidden + 2 * units + j, count: lanes)
                let candidate = FastMath.tanh(FastMath.load(x + 2 * units + j, count: lanes)
                                              + (resetAfter ? r * recurrent : recurrent))
                FastMath.store(z * h + (1 - z) * candidate, destination + j, count: lanes)
            }
            j += 8
        }
    }

    /// `update` with any activations (scalar loops; the candidate is formed in place in the hidden buffer's h block).
    private func generalUpdate(x: UnsafePointer<Float>, hidden: UnsafeMutablePointer<Float>,
                               previous: UnsafeMutablePointer<Float>?, resetHidden: UnsafeMutablePointer<Float>,
                               stage: Stage) {
        switch stage {
        case .gates:
            for j in 0..<(2 &* units) { hidden[j] += x[j] }
            recurrentActivation.apply(hidden, rows: 1, width: 2 &* units)
            for j in 0..<units { resetHidden[j] = hidden[units &+ j] * (previous?[j] ?? 0) }
        case .state(let destination):
            let candidate = hidden + 2 &* units
            for j in 0..<units {
                let recurrent = candidate[j]
                candidate[j] = x[2 &* units &+ j] + (resetAfter ? hidden[units &+ j] * recurrent : recurrent)
            }
            activation.apply(candidate, rows: 1, width: units)
            for j in 0..<units {
                let z = hidden[j]
                destination[j] = z * (previous?[j] ?? 0) + (1 - z) * candidate[j]
            }
        }
    }
}
