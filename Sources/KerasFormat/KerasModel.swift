import NeuralKernels

/// A Keras model as read from a file, normalised to one canonical layout whatever wrote it
/// (Keras 1, Keras 2, tf.keras 2, Keras 3; full `.h5`, weights-only `.h5`/`.weights.h5`, `.keras` zip).
///
/// Canonical means: class names are the Keras 2/3 ones (`LegacyLSTM`, `CuDNNLSTM` → `LSTM`, `CuDNNGRU` → `GRU`,
/// Keras 1 `Convolution1D` → `Conv1D`, …), config keys are the Keras 2/3 ones (Keras 1 `output_dim` → `units`,
/// `border_mode` → `padding`, …), and each layer's weights are in the Keras 2/3 order and shapes
/// (e.g. LSTM `[kernel (in, 4u), recurrent_kernel (u, 4u), bias (4u)]`).
public struct KerasModel: Sendable {
    /// The top-level graph.
    public var graph: KerasGraph
    /// `keras_version` attribute as written (e.g. "2.15.0", "3.6.0", "1.2.2"), nil when absent.
    public var kerasVersion: String?
    /// `backend` attribute as written (e.g. "tensorflow"), nil when absent.
    public var backend: String?
    /// Which writer and container produced the file.
    public var flavour: KerasFileFlavour

    public init(graph: KerasGraph, kerasVersion: String?, backend: String?, flavour: KerasFileFlavour) {
        self.graph = graph
        self.kerasVersion = kerasVersion
        self.backend = backend
        self.flavour = flavour
    }

    /// Which `hard_sigmoid` the file's Keras used: Keras 1/2 and tf.keras clip(0.2x+0.5), Keras 3 clip(x/6+0.5).
    public var hardSigmoid: HardSigmoidConvention {
        switch flavour.writer {
        case .keras3: return .keras3
        default: return .keras2
        }
    }
}

/// The writer (Keras generation) and the container of a model file.
public struct KerasFileFlavour: Sendable, Equatable, CustomStringConvertible {
    public enum Writer: String, Sendable, Equatable {
        case keras1 = "Keras 1"
        case keras2 = "Keras 2"
        case tfKeras = "tf.keras 2"
        case keras3 = "Keras 3"
    }

    public enum Container: String, Sendable, Equatable {
        /// `model.save("m.h5")`: config and weights in one HDF5 file.
        case fullModelH5 = "full-model HDF5"
        /// `save_weights("w.h5")` (tf.keras layout) with the config supplied separately.
        case weightsH5 = "weights-only HDF5"
        /// Keras 3 `.weights.h5` (`layers/<class>/vars/<i>`) with the config supplied separately.
        case keras3WeightsH5 = "Keras 3 .weights.h5"
        /// Keras 3 `.keras` zip (`config.json`, `metadata.json`, `model.weights.h5`).
        case kerasZip = "Keras 3 .keras archive"
    }

    public var writer: Writer
    public var container: Container
    /// True when some recurrent layer carried tf.keras's `time_major` option (kept in the config and computed).
    public var hadLegacyRNNConfig: Bool
    /// True when weights were converted from a Keras 1 or CuDNN layout.
    public var convertedWeights: Bool

    public init(writer: Writer, container: Container, hadLegacyRNNConfig: Bool = false, convertedWeights: Bool = false) {
        self.writer = writer
        self.container = container
        self.hadLegacyRNNConfig = hadLegacyRNNConfig
        self.convertedWeights = convertedWeights
    }

    public var description: String {
        var text = "\(writer.rawValue), \(container.rawValue)"
        if hadLegacyRNNConfig { text += ", tf.keras RNN config (time_major)" }
        if convertedWeights { text += ", weights converted from a legacy layout" }
        return text
    }
}

/// A Sequential or Functional graph of layers (also used for nested models).
public struct KerasGraph: Sendable {
    public enum Kind: String, Sendable, Equatable {
        case sequential = "Sequential"
        case functional = "Functional"
    }

    public var kind: Kind
    public var name: String
    /// Layers in config order. A Sequential graph lists them in call order (its `InputLayer`, when the
    /// file has one, first); a Functional graph in the order Keras stored them.
    public var layers: [KerasLayer]
    /// Functional: the model inputs (`input_layers`). Sequential: empty.
    public var inputs: [KerasNodeRef]
    /// Functional: the model outputs (`output_layers`). Sequential: empty.
    public var outputs: [KerasNodeRef]
    /// Sequential only: the batch input shape, `nil` for unknown dimensions, batch axis included
    /// (e.g. `[nil, 360, 1]`), taken from the InputLayer or the first layer's `batch_input_shape`.
    public var sequentialInputShape: [Int?]?

    public init(
        kind: Kind, name: String, layers: [KerasLayer], inputs: [KerasNodeRef] = [], outputs: [KerasNodeRef] = [],
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

/// A reference to one output tensor of one call of a layer (`[layer_name, node_index, tensor_index]`).
///
/// `nodeIndex` indexes the referenced layer's `inboundNodes` (its calls in this graph, from 0). Files from
/// Keras 1/2 and tf.keras number the calls of a nested model from 1 (its own first node is not saved);
/// the reader shifts those references so that the rule holds for every writer.
public struct KerasNodeRef: Sendable, Hashable, CustomStringConvertible {
    public var layer: String
    public var nodeIndex: Int
    public var tensorIndex: Int

    public init(layer: String, nodeIndex: Int = 0, tensorIndex: Int = 0) {
        self.layer = layer
        self.nodeIndex = nodeIndex
        self.tensorIndex = tensorIndex
    }

    public var description: String { "\(layer)[\(nodeIndex)][\(tensorIndex)]" }
}

/// One layer: canonical class name, canonical config, how it is called, and its weights.
public struct KerasLayer: Sendable {
    /// Layer name, unique in its graph.
    public var name: String
    /// Canonical class name (`LSTM` for `LegacyLSTM`/`CuDNNLSTM`, `Conv1D` for `Convolution1D`, …).
    public var className: String
    /// The class name as written in the file.
    public var originalClassName: String
    /// The layer config with canonical keys. Wrappers (`Bidirectional`, `TimeDistributed`) keep their
    /// inner layer under `"layer"` as `{"class_name", "config"}` with canonical class name and keys.
    public var config: JSONValue
    /// Functional graphs: one entry per call of the layer, each the list of input tensors of that call.
    /// Sequential graphs: empty.
    public var inboundNodes: [[KerasNodeRef]]
    /// Weights in canonical order and shapes. Wrappers: `Bidirectional` forward weights then backward weights,
    /// `TimeDistributed` the inner layer's. Nested models: empty (each inner layer holds its own).
    public var weights: [KerasWeight]
    /// Set when the layer is itself a model (Sequential or Functional) nested in this graph.
    public var nestedGraph: KerasGraph?

    public init(
        name: String, className: String, originalClassName: String? = nil, config: JSONValue,
        inboundNodes: [[KerasNodeRef]] = [], weights: [KerasWeight] = [], nestedGraph: KerasGraph? = nil
    ) {
        self.name = name
        self.className = className
        self.originalClassName = originalClassName ?? className
        self.config = config
        self.inboundNodes = inboundNodes
        self.weights = weights
        self.nestedGraph = nestedGraph
    }
}

/// One weight array, row-major float32.
public struct KerasWeight: Sendable, Equatable {
    /// The dataset name as stored (e.g. `lstm/lstm_cell/kernel:0`), or a descriptive name after conversion.
    public var name: String
    /// Shape, row-major (e.g. Dense kernel `[in, units]`).
    public var shape: [Int]
    /// `shape.reduce(1, *)` values, row-major.
    public var values: [Float]

    /// Throws `weightValueCount` unless `values` holds exactly the `shape`'s element count.
    public init(name: String, shape: [Int], values: [Float]) throws(KerasFormatError) {
        let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
            let (product, overflow) = partial.0.multipliedReportingOverflow(by: dimension)
            return (product, partial.1 || overflow || dimension < 0)
        }
        guard !overflow, count == values.count else {
            throw .weightValueCount(weight: name, shape: shape, count: values.count)
        }
        self.init(validatedName: name, shape: shape, values: values)
    }

    /// For conversions whose shape is derived from `values.count` by construction.
    init(validatedName name: String, shape: [Int], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}
