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
        "units", "activation", "use_bias", "return_sequences", "return_state", "go_backwards", "stateful", "time_major",
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
        "BatchNormalization": ["axis", "epsilon", "center", "scale", "momentum", "renorm"],
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

    /// Config keys that only matter for training, saving or input plumbing (initialisers, regularisers,
    /// constraints, dropout rates, dtype policies, performance switches): understood and dropped. Any other key of
    /// a known class that is not in ``keptKeys`` is an error naming it, so that no option changes the numbers
    /// silently.
    static let trainingOnlyKeys: Set<String> = [
        "trainable", "dtype", "autocast", "input_dtype", "sparse", "ragged", "optional", "batch_size", "input_dim",
        "input_length", "dropout", "recurrent_dropout", "noise_shape", "seed", "implementation", "unroll",
        "use_cudnn", "zero_output_for_mask", "activity_regularizer", "momentum", "moving_mean_initializer",
        "synchronized", "fused", "virtual_batch_size", "adjustment", "renorm_clipping", "renorm_momentum",
        "consume_less", "dropout_W", "dropout_U", "cache", "lora_alpha",
    ]

    /// Key suffixes of training-only options (`kernel_initializer`, `W_regularizer`, `bias_constraint`, Keras 1
    /// `forget_bias_init`, …).
    static let trainingOnlySuffixes = ["_initializer", "_regularizer", "_constraint", "_init"]

    /// Keys that are training-only at one value and change inference at any other: key → the neutral values.
    static let neutralValues: [String: Set<JSONValue>] = [
        // Keras 1 BatchNormalization: mode 0 normalises with the moving statistics at inference; 1 and 2 do not.
        "mode": [.number(0)],
        // Keras 3 LoRA: a rank adds low-rank weights to the kernel.
        "lora_rank": [.null],
        // Keras 3 quantized layers (int8, float8) store other weights.
        "quantization_config": [.null],
        // tf.keras DepthwiseConv1D inherits Conv's `groups`; only 1 (its default) means what depthwise does.
        "groups": [.number(1)],
    ]

    /// Whether `key` of a layer config is a training-only option.
    static func isTrainingOnly(_ key: String) -> Bool {
        key == "init" || trainingOnlyKeys.contains(key) || trainingOnlySuffixes.contains { key.hasSuffix($0) }
    }

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
            // Batch renormalisation adds weights; the engine refuses it with an error naming `renorm`.
            if config["renorm"]?.boolValue == true { return nil }
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
