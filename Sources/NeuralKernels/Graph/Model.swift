/// One layer of a model as `ecg model info` shows it.
public struct LayerSummary: Sendable {
    public var name: String
    public var className: String
    /// Output shapes of the layer's first call, batch axis `nil`.
    public var outputShapes: [[Int?]]
    /// Number of weight values (trainable and not), as Keras's `count_params`.
    public var parameterCount: Int

    public init(name: String, className: String, outputShapes: [[Int?]], parameterCount: Int) {
        self.name = name
        self.className = className
        self.outputShapes = outputShapes
        self.parameterCount = parameterCount
    }
}

/// Where a model came from, as the importer that built its `GraphSpec` describes it.
public struct ModelProvenance: Sendable, Equatable {
    /// Version of the framework that wrote the file (e.g. Keras "2.20.1"), nil when unknown.
    public var producerVersion: String?
    /// The file's format in words (e.g. "tf.keras 2, full-model HDF5").
    public var format: String?

    public init(producerVersion: String? = nil, format: String? = nil) {
        self.producerVersion = producerVersion
        self.format = format
    }
}

/// A model ready for inference, compiled from a `GraphSpec`: validated, compiled into an `ExecutionPlan` (fused
/// kernels over pooled arenas) that every `predict` runs, immutable and safe to share between threads.
/// (`KerasFormat` adds `Model(contentsOf:)` for Keras files.)
///
/// The layer-by-layer graph (`CompiledGraph`) is built too: it checks every layer's spec against its input shapes
/// and is the reference implementation the tests compare the plan with; it never runs in `predict`.
public final class Model: Sendable {
    /// The layer-by-layer reference graph (internal: tests compare the plan with it).
    let graph: CompiledGraph
    /// The planned forward pass for the declared input shapes; nil when they leave sizes open (then `openPlans`
    /// compiles one plan per concrete set of input shapes on first use).
    let planned: PlanRunner?
    let openPlans: OpenShapePlans?
    public let provenance: ModelProvenance

    /// Builds the model; throws `NeuralKernelsError` naming the first layer whose spec does not fit its inputs
    /// (shapes, weight shapes), a malformed graph, or (`unplannable`) a layer or option the planner does not cover.
    public init(graph spec: GraphSpec, provenance: ModelProvenance = ModelProvenance()) throws {
        let graph = try CompiledGraph(spec)
        self.graph = graph
        self.provenance = provenance
        let open = graph.inputSpecs.contains { $0.shape.dropFirst().contains(nil) }
        if open {
            planned = nil
            openPlans = try OpenShapePlans(spec: spec, declared: graph.inputSpecs.map(\.shape))
        } else {
            planned = try Self.plan(spec, graph: graph)
            openPlans = nil
        }
    }

    public var inputs: [TensorSpec] { graph.inputSpecs }
    public var outputs: [TensorSpec] { graph.outputSpecs }
    public var layers: [LayerSummary] { graph.summaries }
    public var parameterCount: Int { graph.parameterCount }

    /// Runs a batch: one tensor per model input, each `[batch, …]` matching `inputs` (all with the same batch size).
    /// Returns one tensor per model output, each `[batch, …]`. Thread-safe; many callers at once.
    public func predict(_ inputs: [Tensor]) throws -> [Tensor] {
        try predict(inputs, options: PredictOptions())
    }

    /// Throws `shapeMismatch` unless `inputs` fit the model's inputs with one batch size.
    func validate(_ inputs: [Tensor]) throws {
        let specs = graph.inputSpecs
        guard inputs.count == specs.count else {
            throw NeuralKernelsError.shapeMismatch(
                context: "model inputs", expected: "\(specs.count) tensors", actual: "\(inputs.count)")
        }
        for (tensor, spec) in zip(inputs, specs) {
            let fits = tensor.shape.count == spec.shape.count
                && zip(tensor.shape, spec.shape).allSatisfy { actual, expected in expected.map { $0 == actual } ?? true }
            guard fits, tensor.values.count == Tensor.exactElementCount(tensor.shape) else {
                throw NeuralKernelsError.shapeMismatch(
                    context: "model input '\(spec.name)'", expected: describe(spec.shape),
                    actual: describe(tensor.shape.map { $0 }))
            }
        }
        if let batch = inputs.first?.batch, let other = inputs.first(where: { $0.batch != batch }) {
            throw NeuralKernelsError.shapeMismatch(
                context: "model inputs", expected: "one batch size (\(batch))", actual: "batch \(other.batch)")
        }
    }
}
