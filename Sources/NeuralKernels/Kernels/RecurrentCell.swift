/// The weights and gate maths of an LSTM, GRU or SimpleRNN cell, run over a whole batch of sequences.
///
/// The input projection of every time step and batch row is one GEMM (`[T·B, in] · [in, G·u]`); each step then adds
/// `h · recurrent_kernel` with one GEMM over the whole batch and applies the gate maths in one pass per row.
struct RecurrentCell: Sendable {
    enum Kind: Sendable, Equatable {
        /// Gates i, f, c, o; states h and c.
        case lstm
        /// Gates z, r, h; `resetAfter` applies the reset gate after the recurrent matmul (bias `[2, 3u]`).
        case gru(resetAfter: Bool)
        /// h = act(x·W + b + h·U).
        case simple
    }

    let kind: Kind
    let inputSize: Int
    let units: Int
    /// `[in, G·u]`.
    let kernel: [Float]
    /// `[u, G·u]`.
    let recurrentKernel: [Float]
    /// `[G·u]`, zeros without bias.
    let inputBias: [Float]
    /// `[G·u]` recurrent bias of a reset-after GRU, empty otherwise.
    let recurrentBias: [Float]
    let activation: Activation
    let recurrentActivation: Activation

    /// Number of gate blocks G.
    var gates: Int {
        switch kind {
        case .lstm: return 4
        case .gru: return 3
        case .simple: return 1
        }
    }

    /// Number of state tensors (`[h, c]` for LSTM, `[h]` otherwise).
    var stateCount: Int { kind == .lstm ? 2 : 1 }

    /// Runs `input` `[batch, steps, in]`, in reverse time order when `backwards`, from `initialStates` (`[h]` or
    /// `[h, c]`, each `[batch, units]`; zeros when empty). Returns the outputs in processing order
    /// `[batch, steps, units]` (or the last one, `[batch, units]`, when `returnSequences` is false) and the final
    /// states, each `[batch, units]`.
    func run(_ input: Tensor, initialStates: [Tensor] = [], backwards: Bool, returnSequences: Bool)
        -> (output: Tensor, states: [Tensor]) {
        let (batch, steps) = (input.shape[0], input.shape[1])
        let width = gates * units
        // Time-major copy of the input so that step t is rows t·B ..< (t+1)·B.
        var timeMajor = [Float](repeating: 0, count: steps * batch * inputSize)
        input.values.withBase { x in
            timeMajor.withMutableBase { target in
                for step in 0..<steps {
                    let source = backwards ? steps - 1 - step : step
                    for sample in 0..<batch {
                        (target + (step * batch + sample) * inputSize)
                            .update(from: x + (sample * steps + source) * inputSize, count: inputSize)
                    }
                }
            }
        }
        var projection = [Float](tiling: inputBias, rows: steps * batch)
        timeMajor.withBase { x in
            kernel.withBase { w in
                projection.withMutableBase { p in
                    BLAS.gemm(m: steps * batch, n: width, k: inputSize, a: x, lda: inputSize, b: w, ldb: width,
                              beta: 1, c: p, ldc: width)
                }
            }
        }
        var hidden = initialStates.first?.values ?? [Float](repeating: 0, count: batch * units)
        var cell = kind == .lstm
            ? (initialStates.count > 1 ? initialStates[1].values : [Float](repeating: 0, count: batch * units)) : []
        var sequence = [Float](repeating: 0, count: returnSequences ? batch * steps * units : 0)
        // Per-step scratch: GRU recurrent products or reset-gated state, LSTM activated cell state.
        var scratch = [Float](repeating: 0, count: batch * width)
        projection.withMutableBase { p in
            recurrentKernel.withBase { u in
                hidden.withMutableBase { h in
                    cell.withMutableBase { c in
                        scratch.withMutableBase { s in
                            for step in 0..<steps {
                                let z = p + step * batch * width
                                self.step(z: z, h: h, c: c, scratch: s, u: u, batch: batch)
                                if returnSequences {
                                    sequence.withMutableBase { out in
                                        for sample in 0..<batch {
                                            (out + (sample * steps + step) * units)
                                                .update(from: h + sample * units, count: units)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let output = returnSequences
            ? Tensor(uncheckedShape: [batch, steps, units], values: sequence)
            : Tensor(uncheckedShape: [batch, units], values: hidden)
        var states = [Tensor(uncheckedShape: [batch, units], values: hidden)]
        if kind == .lstm { states.append(Tensor(uncheckedShape: [batch, units], values: cell)) }
        return (output, states)
    }

    /// One time step over the batch. `z` holds this step's input projections `[B, G·u]` and is overwritten.
    private func step(
        z: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, u: UnsafePointer<Float>, batch: Int
    ) {
        let width = gates * units
        switch kind {
        case .lstm:
            BLAS.gemm(m: batch, n: width, k: units, a: h, lda: units, b: u, ldb: width, beta: 1, c: z, ldc: width)
            for sample in 0..<batch {
                let row = z + sample * width
                recurrentActivation.apply(to: UnsafeMutableBufferPointer(start: row, count: 2 * units))
                activation.apply(to: UnsafeMutableBufferPointer(start: row + 2 * units, count: units))
                recurrentActivation.apply(to: UnsafeMutableBufferPointer(start: row + 3 * units, count: units))
                let state = c + sample * units
                let activated = scratch + sample * units
                for j in 0..<units {
                    state[j] = row[units + j] * state[j] + row[j] * row[2 * units + j]
                    activated[j] = state[j]
                }
                activation.apply(to: UnsafeMutableBufferPointer(start: activated, count: units))
                let out = h + sample * units
                for j in 0..<units { out[j] = row[3 * units + j] * activated[j] }
            }
        case .gru(resetAfter: true):
            recurrentBias.withBase { bias in
                for sample in 0..<batch { (scratch + sample * width).update(from: bias, count: width) }
            }
            BLAS.gemm(m: batch, n: width, k: units, a: h, lda: units, b: u, ldb: width, beta: 1, c: scratch, ldc: width)
            for sample in 0..<batch {
                let row = z + sample * width
                let recurrent = scratch + sample * width
                for j in 0..<(2 * units) { row[j] += recurrent[j] }
                recurrentActivation.apply(to: UnsafeMutableBufferPointer(start: row, count: 2 * units))
                for j in 0..<units { row[2 * units + j] += row[units + j] * recurrent[2 * units + j] }
                activation.apply(to: UnsafeMutableBufferPointer(start: row + 2 * units, count: units))
                updateGRUState(row: row, h: h + sample * units)
            }
        case .gru(resetAfter: false):
            BLAS.gemm(m: batch, n: 2 * units, k: units, a: h, lda: units, b: u, ldb: width, beta: 1, c: z, ldc: width)
            for sample in 0..<batch {
                let row = z + sample * width
                recurrentActivation.apply(to: UnsafeMutableBufferPointer(start: row, count: 2 * units))
                let gated = scratch + sample * units
                let state = h + sample * units
                for j in 0..<units { gated[j] = row[units + j] * state[j] }
            }
            BLAS.gemm(m: batch, n: units, k: units, a: scratch, lda: units, b: u + 2 * units, ldb: width,
                      beta: 1, c: z + 2 * units, ldc: width)
            for sample in 0..<batch {
                let row = z + sample * width
                activation.apply(to: UnsafeMutableBufferPointer(start: row + 2 * units, count: units))
                updateGRUState(row: row, h: h + sample * units)
            }
        case .simple:
            BLAS.gemm(m: batch, n: units, k: units, a: h, lda: units, b: u, ldb: units, beta: 1, c: z, ldc: units)
            for sample in 0..<batch {
                let row = z + sample * units
                activation.apply(to: UnsafeMutableBufferPointer(start: row, count: units))
                (h + sample * units).update(from: row, count: units)
            }
        }
    }

    /// h = z·h + (1 − z)·hh for one batch row whose gates are already activated.
    @inline(__always)
    private func updateGRUState(row: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>) {
        for j in 0..<units {
            let gate = row[j]
            h[j] = gate * h[j] + (1 - gate) * row[2 * units + j]
        }
    }
}
