/// Why a model is not compiled into an `ExecutionPlan` (it then runs on the generic layer-by-layer path).
struct PlanUnsupported: Error, CustomStringConvertible, Sendable {
    let description: String
}

/// One kernel of a compiled plan.
enum PlanStep: Sendable {
    case conv1D(Conv1DStep)
    case maxPool1D(MaxPool1DStep)
    case lstm(LSTMStep)
    case gru(GRUStep)
    case dense(DenseStep)
    /// Bias-free epilogue (a BatchNormalization or Activation with nothing to fuse into).
    case elementwise(Epilogue, rowsPerSample: Int, channels: Int)
}

/// A chain model (Sequential, or Functional without branches) compiled into fused kernels over one arena:
/// `[B, inputShape…] → [B, outputShape…]` with no allocation per call.
///
/// Covered: Conv1D (stride and dilation 1), MaxPooling1D, BatchNormalization, LSTM and GRU (tanh / sigmoid), Dense,
/// Activation, Dropout-like layers and Flatten. BatchNormalization becomes a per-channel affine fused into the
/// epilogue of the preceding Conv1D / Dense / element-wise step; Dropout-like layers and Flatten cost nothing;
/// activations run inside epilogues.
struct ExecutionPlan: Sendable {
    /// Per-sample input shape (no batch axis), e.g. `[360, 1]`.
    let inputShape: [Int]
    /// Per-sample output shape (no batch axis), e.g. `[5]`.
    let outputShape: [Int]
    var steps: [PlanStep]
    /// Largest activation (floats per sample) any step reads or writes.
    let activationPerSample: Int
    /// Largest scratch (floats per sample) any step needs.
    let scratchPerSample: Int

    var inputCount: Int { inputShape.reduce(1, *) }
    var outputCount: Int { outputShape.reduce(1, *) }
    /// Arena floats a batch of `batch` needs.
    func arenaFloats(batch: Int) -> Int { batch * (2 * activationPerSample + scratchPerSample) }

    /// Multiply-add FLOPs of one sample (2 per MAC; element-wise work not counted).
    var flopsPerSample: Int {
        steps.reduce(0) { total, step in
            switch step {
            case .conv1D(let conv): return total + conv.flopsPerSample
            case .lstm(let lstm): return total + lstm.flopsPerSample
            case .gru(let gru): return total + gru.flopsPerSample
            case .dense(let dense): return total + dense.flopsPerSample
            case .maxPool1D, .elementwise: return total
            }
        }
    }

    /// Runs `batch` samples: `input` holds `batch · inputCount` floats, `output` receives `batch · outputCount`;
    /// `arena` must hold `arenaFloats(batch:)` floats.
    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                    arena: UnsafeMutablePointer<Float>) {
        // Steps ping-pong between two activation buffers; the scratch region follows them.
        let first = arena, second = arena + batch * activationPerSample
        let scratch = arena + 2 * batch * activationPerSample
        var current = input, count = inputCount, writeFirst = true
        for step in steps {
            let destination = writeFirst ? first : second
            switch step {
            case .conv1D(let conv):
                conv.run(batch: batch, input: current, output: destination, scratch: scratch)
                count = conv.outputLength * conv.outputChannels
            case .maxPool1D(let pool):
                pool.run(batch: batch, input: current, output: destination)
                count = pool.outputLength * pool.channels
            case .lstm(let lstm):
                lstm.run(batch: batch, input: current, output: destination, scratch: scratch)
                count = lstm.outputPerSample
            case .gru(let gru):
                gru.run(batch: batch, input: current, output: destination, scratch: scratch)
                count = gru.outputPerSample
            case .dense(let dense):
                dense.run(batch: batch, input: current, output: destination)
                count = dense.rowsPerSample * dense.units
            case .elementwise(let epilogue, let rows, let channels):
                epilogue.apply(from: current, to: destination, rows: batch * rows, channels: channels)
            }
            current = UnsafePointer(destination)
            writeFirst.toggle()
        }
        output.update(from: current, count: batch * count)
    }
}
