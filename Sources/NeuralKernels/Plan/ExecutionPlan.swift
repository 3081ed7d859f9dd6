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
    /// Concatenation on one axis: each of `blocksPerSample` output blocks is the inputs' blocks of `chunks[i]`
    /// floats side by side (a block spans the concatenated axis and the axes after it).
    case concatenate(blocksPerSample: Int, chunks: [Int])
    /// Elementwise merge of inputs of `count` floats per sample each (same shapes).
    case merge(MergeSpec.Kind, count: Int)
    case simpleRNN(SimpleRNNStep)
    case directConv1D(DirectConv1DStep)
    case pool1D(Pool1DStep)
    case layerNorm(LayerNormStep)
    case gather(GatherStep)
    case prelu(PReLUStep)
    /// Max or mean over the time axis: `[B, length, channels] → [B, channels]`.
    case globalPool(Pooling1DSpec.Kind, length: Int, channels: Int)
}

/// A graph of specs compiled into fused kernels over one arena: any DAG of the planned layers, with several inputs
/// and outputs, `[B, inputShapes[i]…] → [B, outputShapes[j]…]`, allocating nothing per call.
///
/// Covered: Conv1D (GEMM paths for stride and dilation 1 without groups, direct loops otherwise), MaxPooling1D and
/// AveragePooling1D, global max / average pooling, BatchNormalization and LayerNormalization on the last axis, LSTM
/// and GRU (tanh / sigmoid) and SimpleRNN (any activation), batch-major, no returned state, `go_backwards` through a
/// time reversal, and Bidirectional around them, Dense, TimeDistributed around Dense / activations /
/// BatchNormalization, every elementwise activation and softmax on the last axis, PReLU, identity layers, Flatten and
/// Reshape (views), Permute, RepeatVector, ZeroPadding1D, Cropping1D and UpSampling1D (gathers), Concatenate (any
/// non-batch axis), same-shape merges (Add, Subtract, Multiply, Average, Maximum, Minimum) and nested models
/// (inlined). A BatchNormalization or Activation whose input is read by nothing else is fused into the epilogue of
/// the step that produced it; identity layers and Flatten are views of their input. Every value lives at a fixed
/// offset (per sample, times the batch size) of the arena; values whose lifetimes do not overlap share memory.
struct ExecutionPlan: Sendable {
    /// Where a value's floats are: a model input (caller memory) or an offset in the arena, in floats per sample.
    enum Location: Sendable, Equatable {
        case input(Int)
        case arena(offset: Int)
    }

    /// One step: a kernel reading `inputs` (value indices) and writing `output`.
    struct Step: Sendable {
        var kernel: PlanStep
        var inputs: [Int]
        var output: Int
    }

    /// Per-sample input shapes (no batch axis), e.g. `[[256, 1], [5]]`.
    let inputShapes: [[Int]]
    /// Per-sample output shapes (no batch axis), e.g. `[[5]]`.
    let outputShapes: [[Int]]
    let steps: [Step]
    /// Location of every value.
    let locations: [Location]
    /// The values returned, in model output order.
    let outputValues: [Int]
    /// Arena floats per sample taken by values.
    let valuesPerSample: Int
    /// Largest scratch (floats per sample) any step needs; it follows the values in the arena.
    let scratchPerSample: Int

    /// Floats per sample of each input and output (stored: `run` reads them on every call without allocating).
    let inputCounts: [Int]
    let outputCounts: [Int]
    /// Arena floats a batch of `batch` needs.
    func arenaFloats(batch: Int) -> Int { batch * (valuesPerSample + scratchPerSample) }

    /// Multiply-add FLOPs of one sample (2 per MAC; element-wise work not counted).
    var flopsPerSample: Int {
        steps.reduce(0) { total, step in
            switch step.kernel {
            case .conv1D(let conv): return total + conv.flopsPerSample
            case .lstm(let lstm): return total + lstm.flopsPerSample
            case .gru(let gru): return total + gru.flopsPerSample
            case .dense(let dense): return total + dense.flopsPerSample
            case .directConv1D(let conv): return total + conv.flopsPerSample
            case .simpleRNN(let rnn): return total + rnn.flopsPerSample
            case .maxPool1D, .elementwise, .concatenate, .merge, .globalPool, .pool1D, .layerNorm, .gather, .prelu:
                return total
            }
        }
    }

    /// Runs `batch` samples: `inputs[i]` holds `batch · inputCounts[i]` floats, `outputs[j]` receives
    /// `batch · outputCounts[j]`; `arena` must hold `arenaFloats(batch:)` floats.
    func run(batch: Int, inputs: UnsafePointer<UnsafePointer<Float>>, outputs: UnsafePointer<UnsafeMutablePointer<Float>>,
             arena: UnsafeMutablePointer<Float>) {
        @inline(__always) func pointer(_ value: Int) -> UnsafeMutablePointer<Float> {
            switch locations[value] {
            case .input(let index): return UnsafeMutablePointer(mutating: inputs[index])
            case .arena(let offset): return arena + batch &* offset
            }
        }
        let scratch = arena + batch &* valuesPerSample
        for step in steps {
            let destination = pointer(step.output)
            switch step.kernel {
            case .conv1D(let conv):
                conv.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            case .maxPool1D(let pool):
                pool.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .lstm(let lstm):
                lstm.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            case .gru(let gru):
                gru.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            case .dense(let dense):
                dense.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .elementwise(let epilogue, let rows, let channels):
                epilogue.apply(from: pointer(step.inputs[0]), to: destination, rows: batch &* rows, channels: channels)
            case .concatenate(let blocks, let chunks):
                let total = chunks.reduce(0, &+)
                var column = 0
                for (index, chunk) in chunks.enumerated() {
                    let source = pointer(step.inputs[index])
                    for block in 0..<(batch &* blocks) {
                        (destination + (block &* total &+ column)).update(from: source + block &* chunk, count: chunk)
                    }
                    column &+= chunk
                }
            case .directConv1D(let conv):
                conv.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .simpleRNN(let rnn):
                rnn.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            case .pool1D(let pool):
                pool.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .layerNorm(let norm):
                norm.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .gather(let gather):
                gather.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .prelu(let prelu):
                prelu.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .globalPool(let kind, let length, let channels):
                let source = pointer(step.inputs[0])
                for sample in 0..<batch {
                    let x = source + sample &* length &* channels, y = destination + sample &* channels
                    y.update(from: x, count: channels)
                    for t in 1..<max(1, length) {
                        let row = x + t &* channels
                        switch kind {
                        case .max: for c in 0..<channels { y[c] = max(y[c], row[c]) }
                        case .average: for c in 0..<channels { y[c] += row[c] }
                        }
                    }
                    if kind == .average {
                        let scale = 1 / Float(length)
                        for c in 0..<channels { y[c] *= scale }
                    }
                }
            case .merge(let kind, let count):
                PlannedMerge.run(kind, inputs: step.inputs.count, count: batch &* count, output: destination) {
                    UnsafePointer(pointer(step.inputs[$0]))
                }
            }
        }
        for (index, value) in outputValues.enumerated() {
            outputs[index].update(from: pointer(value), count: batch &* outputCounts[index])
        }
    }
}
