import KerasFormat

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

/// A Keras model ready for inference: validated, BatchNormalization folded, immutable and safe to share between threads.
///
/// Chains of the layers the planner covers (Conv1D, MaxPooling1D, BatchNormalization, LSTM, GRU, Dense, activations,
/// Dropout, Flatten) also get an `ExecutionPlan`: fused kernels over pooled arenas, used by every `predict`.
/// Other models run layer by layer on the generic graph.
public final class Model: Sendable {
    /// The compiled steps (internal so tests can inspect what was folded).
    let graph: CompiledGraph
    /// The planned forward pass, nil when the model is outside the planner's subset.
    let planned: PlanRunner?
    /// "planned", or "generic" with the reason the planner declined.
    public let executionPath: String
    public let kerasVersion: String?
    public let flavour: KerasFileFlavour

    /// Builds the model; throws `NeuralKernelsError` naming the first unsupported layer or option, bad weight or shape.
    public init(keras: KerasModel) throws {
        let context = BuildContext(hardSigmoid: keras.hardSigmoid, writer: keras.flavour.writer)
        let graph = try CompiledGraph(keras.graph, context: context)
        self.graph = graph
        self.kerasVersion = keras.kerasVersion
        self.flavour = keras.flavour
        (planned, executionPath) = Self.plan(keras, graph: graph)
    }

    /// Loads a full-model file (`.h5` of any Keras generation, or a Keras 3 `.keras` archive).
    /// Throws the reader's error for an unreadable file, `NeuralKernelsError` for an unsupported model.
    public convenience init(contentsOf path: String) throws {
        try self.init(keras: KerasFile.load(path: path))
    }

    /// Loads a weights-only file (`save_weights` `.h5` or Keras 3 `.weights.h5`) with its model JSON.
    public convenience init(weightsPath: String, configPath: String) throws {
        try self.init(keras: KerasFile.load(weightsPath: weightsPath, configPath: configPath))
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
