/// Why a graph cannot be compiled into an `ExecutionPlan` (`Model` reports it as `NeuralKernelsError.unplannable`).
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
    /// Softmax along an axis other than the last: each sample is `[outer, length, inner]`, normalised over `length`.
    case softmax(outer: Int, length: Int, inner: Int)
    /// A time-major recurrent layer (reads the whole batch: its time steps are the model's leading axis).
    case timeMajorRecurrent(TimeMajorRecurrentStep)
    /// TimeDistributed around a layer that does not act on the last axis alone: its own plan.
    case timeDistributed(TimeDistributedStep)
}

/// A graph of specs compiled into fused kernels over one arena: any DAG of the planned layers, with several inputs
/// and outputs, `[B, inputShapes[i]…] → [B, outputShapes[j]…]`, allocating nothing per call.
///
/// Covered: Conv1D (GEMM paths for stride and dilation 1 without groups, direct loops otherwise), DepthwiseConv1D and
/// SeparableConv1D (direct depthwise loops, then the pointwise kernel as a Dense), MaxPooling1D and AveragePooling1D,
/// global max / average pooling, BatchNormalization and LayerNormalization (other axes moved last and back by gathers),
/// LSTM, GRU and SimpleRNN with any element-wise activations, `go_backwards` through a time reversal, `return_state`, initial states and
/// `time_major` (a step over the whole batch), and Bidirectional around them, Dense, TimeDistributed around Dense /
/// activations / BatchNormalization (any other wrapped layer gets its own plan), every activation (softmax on any non-batch axis), PReLU, identity layers, Flatten
/// and Reshape (views), Permute, RepeatVector, ZeroPadding1D, Cropping1D and UpSampling1D (gathers), Concatenate (any
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

    /// One step: a kernel reading `inputs` (value indices) and writing `output` (and an LSTM's final cell state
    /// into `stateOutput`).
    struct Step: Sendable {
        var kernel: PlanStep
        var inputs: [Int]
        var output: Int
        /// The batch the kernel runs on when it is not the model's (steps after a time-major layer's last output).
        var fixedBatch: Int?
        var stateOutput: Int?

        init(kernel: PlanStep, inputs: [Int], output: Int, fixedBatch: Int? = nil, stateOutput: Int? = nil) {
            self.kernel = kernel
            self.inputs = inputs
            self.output = output
            self.fixedBatch = fixedBatch
            self.stateOutput = stateOutput
        }
    }

    /// Per-sample input shapes (no batch axis), e.g. `[[256, 1], [5]]`.
    let inputShapes: [[Int]]
    /// Per-sample output shapes (no batch axis), e.g. `[[5]]`.
    let outputShapes: [[Int]]
    /// Each output's batch size when it is not the model's (a time-major recurrent layer's last output), else nil.
    let outputFixedBatches: [Int?]
    /// False when a step mixes samples (time-major layers): the batch must then run whole, not split over threads.
    let splittable: Bool
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
            case .timeMajorRecurrent(let recurrent): return total + recurrent.flopsPerStep
            case .timeDistributed(let distributed): return total + distributed.steps * distributed.plan.flopsPerSample
            case .maxPool1D, .elementwise, .concatenate, .merge, .globalPool, .pool1D, .layerNorm, .gather, .prelu,
                 .softmax:
                return total
            }
        }
    }

    /// Samples output `index` holds for a model batch of `batch`.
    @inline(__always)
    func outputBatch(_ index: Int, batch: Int) -> Int { outputFixedBatches[index] ?? batch }

    /// Runs `batch` samples: `inputs[i]` holds `batch · inputCounts[i]` floats, `outputs[j]` receives
    /// `outputBatch(j, batch:) · outputCounts[j]`; `arena` must hold `arenaFloats(batch:)` floats.
    func run(batch modelBatch: Int, inputs: UnsafePointer<UnsafePointer<Float>>, outputs: UnsafePointer<UnsafeMutablePointer<Float>>,
             arena: UnsafeMutablePointer<Float>) {
        @inline(__always) func pointer(_ value: Int) -> UnsafeMutablePointer<Float> {
            switch locations[value] {
            case .input(let index): return UnsafeMutablePointer(mutating: inputs[index])
            case .arena(let offset): return arena + modelBatch &* offset
            }
        }
        let scratch = arena + modelBatch &* valuesPerSample
        for step in steps {
            let destination = pointer(step.output)
            let batch = step.fixedBatch ?? modelBatch
            switch step.kernel {
            case .conv1D(let conv):
                conv.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            case .maxPool1D(let pool):
                pool.run(batch: batch, input: pointer(step.inputs[0]), output: destination)
            case .lstm(let lstm):
                let initial = step.inputs.count == 3
                    ? (h: UnsafePointer(pointer(step.inputs[1])), c: UnsafePointer(pointer(step.inputs[2]))) : nil
                lstm.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch,
                         cellState: step.stateOutput.map(pointer), initialState: initial)
            case .gru(let gru):
                gru.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch,
                        initialState: step.inputs.count == 2 ? UnsafePointer(pointer(step.inputs[1])) : nil)
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
                rnn.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch,
                        initialState: step.inputs.count == 2 ? UnsafePointer(pointer(step.inputs[1])) : nil)
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
            case .softmax(let outer, let length, let inner):
                let source = pointer(step.inputs[0])
                if source != destination { destination.update(from: source, count: batch &* outer &* length &* inner) }
                Activation.softmax(destination, outer: batch &* outer, length: length, inner: inner)
            case .timeMajorRecurrent(let recurrent):
                recurrent.run(steps: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            case .timeDistributed(let distributed):
                distributed.run(batch: batch, input: pointer(step.inputs[0]), output: destination, scratch: scratch)
            }
        }
        for (index, value) in outputValues.enumerated() {
            outputs[index].update(from: pointer(value), count: outputBatch(index, batch: modelBatch) &* outputCounts[index])
        }
    }
}
