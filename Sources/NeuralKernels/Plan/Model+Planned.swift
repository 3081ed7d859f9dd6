import CBLAS

/// How a forward pass may use the machine.
public struct PredictOptions: Sendable, Equatable {
    /// Threads a planned forward may use: 1, or 2 to split the batch with the engine's helper thread; nil lets the
    /// engine choose (one below `PredictOptions.splitBatchThreshold` samples, else two). BLAS runs single-threaded.
    public var threads: Int?

    public init(threads: Int? = nil) {
        self.threads = threads
    }

    /// From this batch size on the engine splits a batch over two threads by default (`ecg bench model` here:
    /// batch 2 took 0.35 ms on one thread and 0.23 ms split, batch 8 1.34 ms and 0.78 ms).
    public static let splitBatchThreshold = 2

    /// The worker count used for `batch` samples.
    public func resolvedThreads(batch: Int) -> Int {
        if let threads { return max(1, threads) }
        return batch >= Self.splitBatchThreshold ? 2 : 1
    }
}

extension Model {
    /// Multiply-add FLOPs of one sample (2 per MAC of Conv1D, Dense and LSTM) for planned models, else nil.
    public var flopsPerSample: Int? { planned?.plan.flopsPerSample }

    /// `predict` with explicit options.
    public func predict(_ inputs: [Tensor], options: PredictOptions) throws -> [Tensor] {
        try validate(inputs)
        guard let planned, inputs.count == 1 else { return try graph.forward(inputs) }
        let plan = planned.plan, batch = inputs[0].batch
        let count = batch * plan.outputCount
        let values = [Float](unsafeUninitializedCapacity: count) { output, initialized in
            inputs[0].values.withUnsafeBufferPointer { input in
                if let input = input.baseAddress, let output = output.baseAddress, batch > 0 {
                    planned.run(batch: batch, input: input, output: output, threads: options.resolvedThreads(batch: batch))
                }
            }
            initialized = count
        }
        return [Tensor(uncheckedShape: [batch] + plan.outputShape, values: values)]
    }

    /// Allocation-free forward of a single-input, single-output model: `input` holds `batch` samples
    /// (`batch · ∏ inputs[0].shape.dropFirst()` floats, row-major), `output` receives `batch · ∏ outputs[0]…` floats.
    /// Planned models allocate nothing in the steady state; others run the generic graph (which allocates).
    public func predict(batch: Int, input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                        options: PredictOptions = PredictOptions()) throws {
        guard inputs.count == 1, outputs.count == 1 else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "a single-input, single-output model",
                actual: "\(inputs.count) inputs, \(outputs.count) outputs")
        }
        let inputShape = inputs[0].shape.dropFirst(), outputShape = outputs[0].shape.dropFirst()
        guard batch >= 0, inputShape.allSatisfy({ $0 != nil }), outputShape.allSatisfy({ $0 != nil }) else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "a batch ≥ 0 and fully known sample shapes",
                actual: "batch \(batch), input \(describe(inputs[0].shape)), output \(describe(outputs[0].shape))")
        }
        let inputCount = inputShape.reduce(1) { $0 * ($1 ?? 0) }, outputCount = outputShape.reduce(1) { $0 * ($1 ?? 0) }
        guard input.count == batch * inputCount, output.count == batch * outputCount else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "\(batch * inputCount) input and \(batch * outputCount) output floats",
                actual: "\(input.count) and \(output.count)")
        }
        guard batch > 0, let source = input.baseAddress, let destination = output.baseAddress else { return }
        if let planned {
            planned.run(batch: batch, input: source, output: destination, threads: options.resolvedThreads(batch: batch))
            return
        }
        let tensor = Tensor(uncheckedShape: [batch] + inputShape.map { $0 ?? 0 }, values: Array(input))
        let result = try graph.forward([tensor])
        guard let first = result.first, first.values.count == output.count else {
            throw NeuralKernelsError.graph("the model produced an output of an unexpected size")
        }
        first.values.withUnsafeBufferPointer { values in
            if let values = values.baseAddress { destination.update(from: values, count: output.count) }
        }
    }

    /// Compiles the planned path when the model is a chain the planner covers and its shapes agree with the graph.
    static func plan(_ spec: GraphSpec, graph: CompiledGraph) -> (PlanRunner?, String) {
        do {
            let plan = try ExecutionPlan(graph: spec)
            guard graph.inputSpecs.count == 1, graph.outputSpecs.count == 1,
                graph.inputSpecs[0].shape.dropFirst().elementsEqual(plan.inputShape.map { Optional($0) }),
                graph.outputSpecs[0].shape.dropFirst().elementsEqual(plan.outputShape.map { Optional($0) })
            else { return (nil, "generic (planned shapes differ from the graph's)") }
            openblas_set_num_threads(1)
            return (PlanRunner(plan: plan), "planned")
        } catch {
            return (nil, "generic (\(error))")
        }
    }
}
