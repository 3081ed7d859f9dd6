import NeuralKernels

/// Decodes Keras activations: names, `{"class_name": "function", …}` dicts (Keras 3) and serialized activation
/// layers (`ReLU`, `LeakyReLU`, `ELU`, `Softmax`, …).
enum KerasActivation {
    /// The activation written under `key` of `config` (`null` or absent: linear).
    static func decode(_ value: JSONValue?, key: String = "activation", in config: KerasLayerConfig) throws -> Activation {
        guard let value, !value.isNull else { return .linear }
        if let name = value.stringValue { return try named(name, key: key, in: config) }
        guard let className = value["class_name"]?.stringValue else {
            throw config.bad(key, "must be a name or a serialized activation")
        }
        if className == "function" || className == "builtin_function" {
            guard let name = value["config"]?.stringValue ?? value["registered_name"]?.stringValue else {
                throw config.bad(key, "serialized function has no name")
            }
            return try named(name, key: key, in: config)
        }
        let inner = config.wrapped(className: className, json: value["config"] ?? .object([:]), weights: [])
        if let activation = try ofLayer(inner) { return activation }
        let activation = try named(className, key: key, in: config)
        if case .gelu = activation { return .gelu(approximate: try inner.bool("approximate", default: false)) }
        return activation
    }

    /// The activation computed by an activation layer class, or nil when `config.className` is not one.
    static func ofLayer(_ config: KerasLayerConfig) throws -> Activation? {
        switch config.className {
        case "Activation":
            return try decode(config.json["activation"], in: config)
        case "ReLU":
            let slope = try config.double("negative_slope", default: 0)
            let maxValue = try config.optionalDouble("max_value")
            let threshold = try config.double("threshold", default: 0)
            if let maxValue, maxValue < 0 { throw config.bad("max_value", "must not be negative") }
            return .relu(negativeSlope: Float(slope), maxValue: maxValue.map(Float.init), threshold: Float(threshold))
        case "LeakyReLU":
            let key = config.has("negative_slope") ? "negative_slope" : "alpha"
            return .leakyReLU(slope: Float(try config.double(key, default: 0.3)))
        case "ELU":
            return .elu(alpha: Float(try config.double("alpha", default: 1)))
        case "Softmax":
            let axes = try config.intList("axis", default: [-1])
            guard axes.count == 1 else { throw config.unsupported("axis", "\(axes)") }
            return .softmax(axis: axes[0])
        default:
            return nil
        }
    }

    private static func named(_ name: String, key: String, in config: KerasLayerConfig) throws -> Activation {
        // Registered functions are stored as `package>name` (e.g. KerasHub's `keras_hub>gelu_approximate`).
        let bareName = name.split(separator: ">").last.map(String.init) ?? name
        switch bareName.lowercased() {
        case "linear", "identity": return .linear
        case "relu": return .plainReLU
        case "relu6": return .relu6
        case "sigmoid": return .sigmoid
        case "hard_sigmoid": return .hardSigmoid(config.context.hardSigmoid)
        case "hard_silu", "hard_swish": return .hardSwish
        case "tanh": return .tanh
        case "softmax": return .softmax(axis: -1)
        case "softplus": return .softplus
        case "softsign": return .softsign
        case "elu": return .elu(alpha: 1)
        case "selu": return .selu
        case "gelu": return .gelu(approximate: false)
        case "gelu_approximate": return .gelu(approximate: true)
        case "swish", "silu": return .swish
        case "exponential": return .exponential
        case "mish": return .mish
        case "leaky_relu": return .leakyReLU(slope: 0.2)
        default: throw config.unsupported(key, name)
        }
    }
}
