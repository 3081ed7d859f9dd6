import NeuralKernels

/// Typed, error-reporting access to one layer's canonical Keras config and weights. Every error is a
/// `KerasFormatError` naming the layer, its class and the key.
struct KerasLayerConfig: Sendable {
    let name: String
    let className: String
    let json: JSONValue
    let weights: [KerasWeight]
    let context: KerasImportContext

    init(name: String, className: String, json: JSONValue, weights: [KerasWeight], context: KerasImportContext) {
        self.name = name
        self.className = className
        self.json = json
        self.weights = weights
        self.context = context
    }

    init(_ layer: KerasLayer, context: KerasImportContext) {
        self.init(name: layer.name, className: layer.className, json: layer.config, weights: layer.weights,
                  context: context)
    }

    /// Upper bound on sizes, strides, rates and counts in layer configs, so that products of them cannot overflow.
    static let maximumSize = 1 << 24

    func has(_ key: String) -> Bool {
        guard let value = json[key] else { return false }
        return !value.isNull
    }

    func bad(_ key: String, _ reason: String) -> KerasFormatError {
        .invalidLayerConfig(layer: name, className: className, key: key, reason: reason)
    }

    func unsupported(_ key: String, _ value: String) -> KerasFormatError {
        .unsupportedOption(layer: name, className: className, key: key, value: value)
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard has(key) else { return value }
        guard let result = json[key]?.boolValue else { throw bad(key, "must be true or false") }
        return result
    }

    func string(_ key: String, default value: String) throws -> String {
        guard has(key) else { return value }
        guard let result = json[key]?.stringValue else { throw bad(key, "must be a string") }
        return result
    }

    func double(_ key: String, default value: Double) throws -> Double {
        guard has(key) else { return value }
        guard let result = json[key]?.doubleValue, result.isFinite else { throw bad(key, "must be a finite number") }
        return result
    }

    /// An optional number (`null` or absent gives nil).
    func optionalDouble(_ key: String) throws -> Double? {
        guard has(key) else { return nil }
        return try double(key, default: 0)
    }

    /// An integer written either as `3` or as a one-element tuple `[3]` (Keras stores 1-D sizes both ways),
    /// at most `maximumSize` in magnitude.
    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard has(key) else {
            if let value { return value }
            throw bad(key, "is missing")
        }
        var result = json[key]?.intValue
        if result == nil, let items = json[key]?.arrayValue, items.count == 1 { result = items[0].intValue }
        guard let result else { throw bad(key, "must be an integer or a one-element list") }
        guard abs(result) <= Self.maximumSize else {
            throw bad(key, "\(result) exceeds the supported maximum \(Self.maximumSize)")
        }
        return result
    }

    /// A list of integers, or a single integer read as a one-element list.
    func intList(_ key: String) throws -> [Int] {
        guard let value = json[key], !value.isNull else { throw bad(key, "is missing") }
        guard let items = value.arrayValue ?? (value.intValue != nil ? [value] : nil) else {
            throw bad(key, "must be a list of integers")
        }
        return try items.map { item in
            guard let result = item.intValue else { throw bad(key, "must be a list of integers") }
            guard abs(result) <= Self.maximumSize else {
                throw bad(key, "\(result) exceeds the supported maximum \(Self.maximumSize)")
            }
            return result
        }
    }

    /// A list of integers as `intList(_:)` reads it, or `value` when the key is absent or null.
    func intList(_ key: String, default value: [Int]) throws -> [Int] {
        has(key) ? try intList(key) : value
    }

    /// A list that may hold `null` entries (e.g. a shape).
    func optionalIntList(_ key: String) throws -> [Int?]? {
        guard let value = json[key], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw bad(key, "must be a list") }
        return try items.map { item in
            if item.isNull { return nil }
            guard let result = item.intValue else { throw bad(key, "must hold integers or null") }
            guard abs(result) <= Self.maximumSize else {
                throw bad(key, "\(result) exceeds the supported maximum \(Self.maximumSize)")
            }
            return result
        }
    }

    /// A `(first, second)` pair written as an int or a two-element list; `default` for both when absent.
    func pair(_ key: String, default value: Int) throws -> (Int, Int) {
        guard has(key) else { return (value, value) }
        let values = try intList(key)
        guard values.allSatisfy({ $0 >= 0 }) else { throw bad(key, "must not be negative") }
        switch values.count {
        case 1: return (values[0], values[0])
        case 2: return (values[0], values[1])
        default: throw bad(key, "must be an integer or a pair")
        }
    }

    /// Rejects a Keras data format other than channels_last.
    func requireChannelsLast() throws {
        let format = try string("data_format", default: "channels_last")
        guard format == "channels_last" else { throw unsupported("data_format", format) }
    }

    /// Rejects an option whose value is not the inference-neutral default.
    func requireFalse(_ key: String) throws {
        if try bool(key, default: false) { throw unsupported(key, "true") }
    }

    /// The `padding` option of convolutions and pools.
    func padding(allowCausal: Bool) throws -> Padding {
        let value = try string("padding", default: "valid").lowercased()
        switch value {
        case "valid": return .valid
        case "same": return .same
        case "causal" where allowCausal: return .causal
        default: throw unsupported("padding", value)
        }
    }

    /// The activation under `key` (`name` when absent or null).
    func activation(_ key: String = "activation", default name: String = "linear") throws -> Activation {
        let value = has(key) ? json[key] : .string(name)
        return try KerasActivation.decode(value, key: key, in: self)
    }

    /// Requires exactly `count` weight arrays.
    func requireWeights(_ count: Int) throws {
        guard weights.count == count else {
            throw KerasFormatError.weightCountMismatch(
                layer: name, className: className, expected: count, found: weights.count)
        }
    }

    /// Weight `index` as an engine tensor (call after `requireWeights`).
    func tensor(_ index: Int) throws -> Tensor {
        try Tensor(shape: weights[index].shape, values: weights[index].values)
    }

    /// The same layer with another config (a wrapped layer's), keeping this layer's name and context.
    func wrapped(className: String, json: JSONValue, weights: [KerasWeight]) -> KerasLayerConfig {
        KerasLayerConfig(name: name, className: className, json: json, weights: weights, context: context)
    }
}
