import Foundation
import CBLAS

/// How a forward pass may use the machine.
public struct PredictOptions: Sendable, Equatable {
    /// Threads a planned forward may use: 1, or 2 to split the batch with the engine's helper thread; nil lets the
    /// engine choose (one for a single sample, else two). BLAS runs single-threaded.
    public var threads: Int?

    public init(threads: Int? = nil) {
        self.threads = threads
    }

    /// From this batch size on the engine splits a batch over two threads by default (measured with
    /// `ecg bench model --threads 1|2`; see docs/PERFORMANCE.md).
    package static let splitBatchThreshold = 2

    /// The worker count used for `batch` samples.
    package func resolvedThreads(batch: Int) -> Int {
        if let threads { return max(1, threads) }
        return batch >= Self.splitBatchThreshold ? 2 : 1
    }
}

extension Model {
    /// Multiply-add FLOPs of one sample (2 per MAC of Conv1D, Dense and the recurrent layers); nil when the input
    /// shapes leave sizes open.
    public var flopsPerSample: Int? { planned?.plan.flopsPerSample }

    /// Number of kernels in the compiled plan (fused layers and views count once or not at all); nil when the input
    /// shapes leave sizes open (such a model gets one plan per concrete input shapes).
    public var planStepCount: Int? { planned?.plan.steps.count }

    /// The full shape of output `index` for a forward of `batch` samples: `[batch] + outputs[index]…`, except for an
    /// output whose batch axis is not the model's (a time-major recurrent layer's last output: `[sequences, units]`).
    /// Open sizes (models whose inputs leave sizes open) count as 0.
    public func outputShape(_ index: Int, batch: Int) -> [Int] {
        guard let plan = planned?.plan else { return [batch] + outputs[index].shape.dropFirst().map { $0 ?? 0 } }
        return [plan.outputBatch(index, batch: batch)] + plan.outputShapes[index]
    }

    /// `predict` with explicit options.
    public func predict(_ inputs: [Tensor], options: PredictOptions) throws -> [Tensor] {
        try validate(inputs)
        let planned = try planned ?? openPlans!.runner(for: inputs.map { Array($0.shape.dropFirst()) })
        guard let batch = inputs.first?.batch, batch > 0 else {
            return planned.plan.outputShapes.map { Tensor(uncheckedShape: [0] + $0, values: []) }
        }
        let plan = planned.plan
        let counts = plan.outputCounts.indices.map { plan.outputBatch($0, batch: batch) * plan.outputCounts[$0] }
        let total = counts.reduce(0, +)
        var results = [Float](repeating: 0, count: total)
        try results.withUnsafeMutableBufferPointer { results in
            guard let base = results.baseAddress else { throw NeuralKernelsError.graph("the model has empty outputs") }
            try withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: counts.count) { outputs in
                var offset = 0
                for (index, count) in counts.enumerated() {
                    outputs.initializeElement(at: index, to: base + offset)
                    offset += count
                }
                try Self.withBases(of: inputs) { inputs in
                    planned.run(batch: batch, inputs: inputs, outputs: UnsafePointer(outputs.baseAddress!),
                                threads: options.resolvedThreads(batch: batch))
                }
            }
        }
        var offset = 0
        return counts.enumerated().map { index, count in
            defer { offset += count }
            return Tensor(uncheckedShape: [plan.outputBatch(index, batch: batch)] + plan.outputShapes[index],
                          values: Array(results[offset..<(offset + count)]))
        }
    }

    /// Runs `body` with the base addresses of the tensors' values (none may be empty).
    private static func withBases(of tensors: [Tensor], _ body: (UnsafePointer<UnsafePointer<Float>>) -> Void) throws {
        try withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: max(1, tensors.count)) { bases in
            func bind(_ index: Int) throws {
                guard index < tensors.count else { return body(UnsafePointer(bases.baseAddress!)) }
                try tensors[index].values.withUnsafeBufferPointer { values in
                    guard let base = values.baseAddress else {
                        throw NeuralKernelsError.shapeMismatch(context: "model input \(index)", expected: "values",
                                                               actual: "an empty tensor")
                    }
                    bases.initializeElement(at: index, to: base)
                    try bind(index + 1)
                }
            }
            try bind(0)
        }
    }

    /// Allocation-free forward of a single-input, single-output model: `input` holds `batch` samples
    /// (`batch · ∏ inputs[0].shape.dropFirst()` floats, row-major), `output` receives `batch · ∏ outputs[0]…` floats.
    /// Allocates nothing in the steady state.
    public func predict(batch: Int, input: UnsafeBufferPointer<Float>, output: UnsafeMutableBufferPointer<Float>,
                        options: PredictOptions = PredictOptions()) throws {
        guard inputs.count == 1, outputs.count == 1 else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "a single-input, single-output model",
                actual: "\(inputs.count) inputs, \(outputs.count) outputs")
        }
        try withUnsafeTemporaryAllocation(of: UnsafeBufferPointer<Float>.self, capacity: 1) { inputList in
            try withUnsafeTemporaryAllocation(of: UnsafeMutableBufferPointer<Float>.self, capacity: 1) { outputList in
                inputList.initializeElement(at: 0, to: input)
                outputList.initializeElement(at: 0, to: output)
                try predict(batch: batch, inputs: UnsafeBufferPointer(inputList), outputs: UnsafeBufferPointer(outputList),
                            options: options)
            }
        }
    }

    /// Allocation-free forward of any model: `inputs[i]` holds `batch` samples of model input `i`
    /// (`batch · ∏ self.inputs[i].shape.dropFirst()` floats, row-major), `outputs[j]` receives `batch` samples of
    /// model output `j` (`outputShape(j, batch:)` floats). Allocates nothing in the steady state.
    public func predict(batch: Int, inputs: UnsafeBufferPointer<UnsafeBufferPointer<Float>>,
                        outputs: UnsafeBufferPointer<UnsafeMutableBufferPointer<Float>>,
                        options: PredictOptions = PredictOptions()) throws {
        let inputSpecs = self.inputs, outputSpecs = self.outputs
        guard inputs.count == inputSpecs.count, outputs.count == outputSpecs.count else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "\(inputSpecs.count) inputs and \(outputSpecs.count) outputs",
                actual: "\(inputs.count) and \(outputs.count)")
        }
        guard batch >= 0 else {
            throw NeuralKernelsError.shapeMismatch(context: "buffer predict", expected: "a batch ≥ 0", actual: "\(batch)")
        }
        for (index, spec) in inputSpecs.enumerated() {
            try Self.checkBuffer(count: inputs[index].count, spec: spec, batch: batch, what: "input")
        }
        guard let planned else {
            throw NeuralKernelsError.shapeMismatch(context: "buffer predict", expected: "fully known sample shapes",
                                                   actual: "input sizes left open")
        }
        for (index, spec) in outputSpecs.enumerated() {
            try Self.checkBuffer(count: outputs[index].count, spec: spec, batch: planned.plan.outputBatch(index, batch: batch),
                                 what: "output")
        }
        guard batch > 0 else { return }
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: inputs.count) { sources in
                withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: outputs.count) { targets in
                    for index in 0..<inputs.count { sources.initializeElement(at: index, to: inputs[index].baseAddress!) }
                    for index in 0..<outputs.count { targets.initializeElement(at: index, to: outputs[index].baseAddress!) }
                    planned.run(batch: batch, inputs: UnsafePointer(sources.baseAddress!),
                                outputs: UnsafePointer(targets.baseAddress!), threads: options.resolvedThreads(batch: batch))
                }
            }
    }

    /// Throws unless a buffer of `count` floats holds `batch` samples of a fully known shape.
    private static func checkBuffer(count: Int, spec: TensorSpec, batch: Int, what: String) throws {
        let sample = spec.shape.dropFirst()
        guard sample.allSatisfy({ $0 != nil }) else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "fully known sample shapes", actual: "\(what) \(describe(spec.shape))")
        }
        let floats = batch * sample.reduce(1) { $0 * ($1 ?? 0) }
        guard count == floats else {
            throw NeuralKernelsError.shapeMismatch(
                context: "buffer predict", expected: "\(floats) \(what) floats for '\(spec.name)'", actual: "\(count)")
        }
    }

    /// Compiles the plan; throws `NeuralKernelsError.unplannable` when the planner does not cover the graph, or
    /// `.graph` when the plan's shapes disagree with the layer-by-layer graph's.
    static func plan(_ spec: GraphSpec, graph: CompiledGraph) throws -> PlanRunner {
        let plan = try compile(spec, inputShapes: nil)
        func agree(_ planned: [[Int]], _ generic: [TensorSpec]) -> Bool {
            planned.count == generic.count && zip(planned, generic).allSatisfy { shape, spec in
                spec.shape.dropFirst().elementsEqual(shape.map { Optional($0) })
            }
        }
        guard agree(plan.inputShapes, graph.inputSpecs), agree(plan.outputShapes, graph.outputSpecs) else {
            throw NeuralKernelsError.graph("the planned shapes differ from the layers' output shapes")
        }
        openblas_set_num_threads(1)
        return PlanRunner(plan: plan)
    }

    /// The plan of `spec` (for `inputShapes` instead of the declared ones when given), its failures as
    /// `NeuralKernelsError.unplannable`.
    static func compile(_ spec: GraphSpec, inputShapes: [[Int]]?) throws -> ExecutionPlan {
        do {
            return try ExecutionPlan(graph: spec, inputShapes: inputShapes)
        } catch let error as PlanUnsupported {
            throw NeuralKernelsError.unplannable(error.description)
        }
    }
}
