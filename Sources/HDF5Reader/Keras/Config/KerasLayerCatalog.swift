/// What the reader knows about each canonical layer class: the config keys it keeps, the legacy names it
/// maps, and how many trainable and non-trainable weight arrays a layer of the class holds.
///
/// Canonical keys are the Keras 2 names; where Keras 3 renamed a key the Keras 2 name is kept:
/// `InputLayer.batch_shape` → `batch_input_shape`, `LeakyReLU.negative_slope` → `alpha`.
enum KerasLayerCatalog {
    /// Model classes that appear as layers of another model.
    static let modelClasses: Set<String> = ["Sequential", "Functional", "Model"]

    /// Written class names that map to another canonical class (before any `package>` prefix is dropped).
    static let classRenames: [String: String] = [
        "LegacyLSTM": "LSTM",
        "LegacyGRU": "GRU",
        "CuDNNLSTM": "LSTM",
        "CuDNNGRU": "GRU",
        "Convolution1D": "Conv1D",
        "AtrousConvolution1D": "Conv1D",
        "Convolution2D": "Conv2D",
        "Model": "Functional",
    ]

    private static let convolutionKeys: Set<String> = [
        "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "groups", "activation",
        "use_bias",
    ]
    private static let poolingKeys: Set<String> = ["pool_size", "strides", "padding", "data_format"]
    private static let globalPoolingKeys: Set<String> = ["data_format", "keepdims"]
    private static let recurrentKeys: Set<String> = [
        "units", "activation", "use_bias", "return_sequences", "return_state", "go_backwards", "stateful",
    ]

    /// Config keys kept per canonical class, besides `name` (and `batch_input_shape`, kept on any layer).
    /// Classes absent from this table are unknown: their config is kept whole.
    static let keptKeys: [String: Set<String>] = [
        "InputLayer": [],
        "Dense": ["units", "activation", "use_bias"],
        "Conv1D": convolutionKeys,
        "Conv2D": convolutionKeys,
        "Conv1DTranspose": convolutionKeys.union(["output_padding"]),
        "Conv2DTranspose": convolutionKeys.union(["output_padding"]),
        "SeparableConv1D": convolutionKeys.union(["depth_multiplier"]),
        "SeparableConv2D": convolutionKeys.union(["depth_multiplier"]),
        "DepthwiseConv1D": convolutionKeys.subtracting(["filters", "groups"]).union(["depth_multiplier"]),
        "DepthwiseConv2D": convolutionKeys.subtracting(["filters", "groups"]).union(["depth_multiplier"]),
        "MaxPooling1D": poolingKeys, "AveragePooling1D": poolingKeys,
        "MaxPooling2D": poolingKeys, "AveragePooling2D": poolingKeys,
        "GlobalMaxPooling1D": globalPoolingKeys, "GlobalAveragePooling1D": globalPoolingKeys,
        "GlobalMaxPooling2D": globalPoolingKeys, "GlobalAveragePooling2D": globalPoolingKeys,
        "BatchNormalization": ["axis", "epsilon", "center", "scale", "momentum"],
        "LayerNormalization": ["axis", "epsilon", "center", "scale", "rms_scaling"],
        "Dropout": ["rate"], "SpatialDropout1D": ["rate"], "SpatialDropout2D": ["rate"],
        "AlphaDropout": ["rate"], "GaussianDropout": ["rate"], "GaussianNoise": ["stddev"],
        "ActivityRegularization": [],
        "Activation": ["activation"],
        "ReLU": ["max_value", "negative_slope", "threshold"],
        "LeakyReLU": ["alpha"],
        "ELU": ["alpha"],
        "PReLU": ["shared_axes"],
        "ThresholdedReLU": ["theta"],
        "Softmax": ["axis"],
        "Flatten": ["data_format"],
        "Reshape": ["target_shape"],
        "Permute": ["dims"],
        "RepeatVector": ["n"],
        "ZeroPadding1D": ["padding"],
        "Cropping1D": ["cropping"],
        "UpSampling1D": ["size"],
        "Masking": ["mask_value"],
        "Embedding": ["input_dim", "output_dim", "mask_zero"],
        "Add": [], "Subtract": [], "Multiply": [], "Average": [], "Maximum": [], "Minimum": [],
        "Concatenate": ["axis"],
        "Dot": ["axes", "normalize"],
        "SimpleRNN": recurrentKeys,
        "LSTM": recurrentKeys.union(["recurrent_activation", "unit_forget_bias"]),
        "GRU": recurrentKeys.union(["recurrent_activation", "reset_after"]),
        "Bidirectional": ["layer", "backward_layer", "merge_mode"],
        "TimeDistributed": ["layer"],
    ]

    /// Legacy key names → canonical key, per canonical class (Keras 1 names, Keras 3 renames).
    static let keyRenames: [String: [String: String]] = [
        "InputLayer": ["batch_shape": "batch_input_shape"],
        "Dense": ["output_dim": "units", "bias": "use_bias"],
        "Conv1D": [
            "nb_filter": "filters", "filter_length": "kernel_size", "subsample_length": "strides",
            "atrous_rate": "dilation_rate", "border_mode": "padding", "bias": "use_bias",
        ],
        "Conv2D": ["nb_filter": "filters", "subsample": "strides", "border_mode": "padding", "bias": "use_bias"],
        "MaxPooling1D": ["pool_length": "pool_size", "stride": "strides", "border_mode": "padding"],
        "AveragePooling1D": ["pool_length": "pool_size", "stride": "strides", "border_mode": "padding"],
        "MaxPooling2D": ["border_mode": "padding"],
        "AveragePooling2D": ["border_mode": "padding"],
        "LSTM": ["output_dim": "units", "inner_activation": "recurrent_activation"],
        "GRU": ["output_dim": "units", "inner_activation": "recurrent_activation"],
        "SimpleRNN": ["output_dim": "units"],
        "Dropout": ["p": "rate"],
        "SpatialDropout1D": ["p": "rate"],
        "GaussianNoise": ["sigma": "stddev"],
        "GaussianDropout": ["p": "rate"],
        "LeakyReLU": ["negative_slope": "alpha"],
    ]

    /// Keras 1 keys whose value was a single integer where Keras 2 holds a one-element list.
    static let scalarToListKeys: Set<String> = ["kernel_size", "strides", "dilation_rate", "pool_size"]

    /// The recurrent classes whose weights Keras keeps on a `cell`.
    static let recurrentClasses: Set<String> = ["LSTM", "GRU", "SimpleRNN"]

    /// Trainable and non-trainable weight-array counts of a layer of canonical class `className` with the
    /// canonical `config`; nil for classes this reader does not know.
    static func weightCounts(className: String, config: JSONValue) -> (trainable: Int, nonTrainable: Int)? {
        let bias = (config["use_bias"]?.boolValue ?? true) ? 1 : 0
        switch className {
        case "Dense", "Conv1D", "Conv2D", "Conv1DTranspose", "Conv2DTranspose", "DepthwiseConv1D", "DepthwiseConv2D":
            return (1 + bias, 0)
        case "SeparableConv1D", "SeparableConv2D":
            return (2 + bias, 0)
        case "LSTM", "GRU", "SimpleRNN":
            return (2 + bias, 0)
        case "BatchNormalization":
            let scale = (config["scale"]?.boolValue ?? true) ? 1 : 0
            let center = (config["center"]?.boolValue ?? true) ? 1 : 0
            return (scale + center, 2)
        case "LayerNormalization":
            let scale = (config["scale"]?.boolValue ?? true) ? 1 : 0
            let center = (config["center"]?.boolValue ?? true) && !(config["rms_scaling"]?.boolValue ?? false) ? 1 : 0
            return (scale + center, 0)
        case "PReLU", "Embedding":
            return (1, 0)
        case "Bidirectional":
            guard let inner = wrappedLayer(config),
                  let forward = weightCounts(className: inner.className, config: inner.config)
            else { return nil }
            var backward = forward
            if let backwardLayer = config["backward_layer"], let name = backwardLayer["class_name"]?.stringValue,
               let backwardConfig = backwardLayer["config"] {
                guard let counts = weightCounts(className: name, config: backwardConfig) else { return nil }
                backward = counts
            }
            return (forward.trainable + backward.trainable, forward.nonTrainable + backward.nonTrainable)
        case "TimeDistributed":
            guard let inner = wrappedLayer(config) else { return nil }
            return weightCounts(className: inner.className, config: inner.config)
        default:
            return keptKeys[className] != nil ? (0, 0) : nil
        }
    }

    /// The canonical `{"class_name", "config"}` a wrapper keeps under `layer`.
    static func wrappedLayer(_ config: JSONValue) -> (className: String, config: JSONValue)? {
        guard let layer = config["layer"], let name = layer["class_name"]?.stringValue, let inner = layer["config"] else {
            return nil
        }
        return (name, inner)
    }
}
