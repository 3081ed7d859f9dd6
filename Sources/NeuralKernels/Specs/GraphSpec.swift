/// A model as a graph of layer specs: a chain (`sequential`) or a DAG of layer calls (`functional`), with any
/// number of inputs and outputs. Compiled into a `Model`, or used as a layer of another graph (`LayerSpec.model`).
public struct GraphSpec: Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// Each layer feeds the next; the first may be an `input`.
        case sequential = "Sequential"
        /// Layers called on the outputs of other calls (`Layer.calls`).
        case functional = "Functional"
    }

    /// One output tensor of one call of one layer.
    public struct TensorRef: Sendable, Hashable, CustomStringConvertible {
        public var layer: String
        /// Index into the layer's `calls`.
        public var call: Int
        /// Index among that call's outputs.
        public var output: Int

        public init(layer: String, call: Int = 0, output: Int = 0) {
            self.layer = layer
            self.call = call
            self.output = output
        }

        public var description: String { "\(layer)[\(call)][\(output)]" }
    }

    /// A named layer and, in a functional graph, the inputs of each of its calls.
    public struct Layer: Sendable {
        public var name: String
        /// The class name shown in summaries and messages (e.g. Keras's `Conv1D`).
        public var className: String
        public var spec: LayerSpec
        /// Functional graphs: one entry per call, each the list of that call's input tensors. Sequential: empty.
        public var calls: [[TensorRef]]

        public init(name: String, className: String, spec: LayerSpec, calls: [[TensorRef]] = []) {
            self.name = name
            self.className = className
            self.spec = spec
            self.calls = calls
        }

        var isInput: Bool {
            if case .input = spec { return true }
            return false
        }
    }

    public var kind: Kind
    public var name: String
    public var layers: [Layer]
    /// Functional: the model inputs (each an `input` layer). Sequential: empty.
    public var inputs: [TensorRef]
    /// Functional: the model outputs. Sequential: empty.
    public var outputs: [TensorRef]
    /// Sequential: the input shape, batch axis first, when no `input` layer declares it.
    public var sequentialInputShape: [Int?]?

    public init(
        kind: Kind, name: String, layers: [Layer], inputs: [TensorRef] = [], outputs: [TensorRef] = [],
        sequentialInputShape: [Int?]? = nil
    ) {
        self.kind = kind
        self.name = name
        self.layers = layers
        self.inputs = inputs
        self.outputs = outputs
        self.sequentialInputShape = sequentialInputShape
    }
}
