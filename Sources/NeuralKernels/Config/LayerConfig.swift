import KerasFormat

/// Typed, error-reporting access to one layer's Keras config.
struct LayerConfig: Sendable {
    let name: String
    let className: String
    let json: JSONValue

    init(name: String, className: String, json: JSONValue) {
        self.name = name
        self.className = className
        self.json = json
    }

    init(_ layer: KerasLayer) {
        self.init(name: layer.name, className: layer.className, json: layer.config)
    }

    func has(_ key: String) -> Bool {
        guard let value = json[key] else { return false }
        return !value.isNull
    }

    func bad(_ key: String, _ reason: String) -> NeuralKernelsError {
        .badConfig(layer: name, className: className, key: key, reason: reason)
    }

    func unsupported(_ option: String, _ value: String) -> NeuralKernelsError {
        .unsupportedOption(layer: name, className: className, option: option, value: value)
    }

    func badWeights(_ reason: String) -> NeuralKernelsError {
        .badWeights(layer: name, className: className, reason: reason)
    }

    func shape(_ context: String, expected: String, actual: [Int?]) -> NeuralKernelsError {
        .shapeMismatch(context: "layer '\(name)' (\(className)) \(context)", expected: expected, actual: describe(actual))
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

    /// An integer written either as `3` or as a one-element tuple `[3]` (Keras stores 1-D sizes both ways).
    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard has(key) else {
            if let value { return value }
            throw bad(key, "is missing")
        }
        if let result = json[key]?.intValue { return result }
        if let items = json[key]?.arrayValue, items.count == 1, let result = items[0].intValue { return result }
        throw bad(key, "must be an integer or a one-element list")
    }

    /// Upper bound on sizes, strides, rates and counts in layer configs, so that products of them cannot overflow.
    static let maximumSize = 1 << 24

    /// An integer that must be at least `minimum` (and at most `maximumSize`).
    func int(_ key: String, default value: Int? = nil, atLeast minimum: Int) throws -> Int {
        let result = try int(key, default: value)
        guard result >= minimum else { throw bad(key, "must be at least \(minimum), got \(result)") }
        guard result <= LayerConfig.maximumSize else {
            throw bad(key, "\(result) exceeds the supported maximum \(LayerConfig.maximumSize)")
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
            guard abs(result) <= LayerConfig.maximumSize else {
                throw bad(key, "\(result) exceeds the supported maximum \(LayerConfig.maximumSize)")
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
            guard abs(result) <= LayerConfig.maximumSize else {
                throw bad(key, "\(result) exceeds the supported maximum \(LayerConfig.maximumSize)")
            }
            return result
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

    /// The sliding window of a 1-D convolution with `size` taps: `strides` and `dilation_rate` (default 1) and
    /// `padding` (valid, same or causal).
    func convolutionWindow(size: Int) throws -> WindowGeometry {
        WindowGeometry(
            size: size, stride: try int("strides", default: 1, atLeast: 1),
            dilation: try int("dilation_rate", default: 1, atLeast: 1),
            padding: try padding(allowCausal: true))
    }

    /// Normalises a possibly negative axis against a rank (batch axis included); axis 0 (batch) is refused.
    func axis(_ axis: Int, rank: Int, key: String = "axis") throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 1, resolved < rank else { throw bad(key, "axis \(axis) is out of range for rank \(rank)") }
        return resolved
    }
}

/// Padding of convolutions and pools along the time axis.
enum Padding: String, Sendable {
    case valid, same, causal

    /// Output length and left padding for input length `length`, window `window` (dilated extent), `stride`.
    func geometry(length: Int, window: Int, stride: Int) -> (output: Int, padLeft: Int, padRight: Int) {
        switch self {
        case .valid:
            return (length >= window ? (length - window) / stride + 1 : 0, 0, 0)
        case .same:
            let output = (length + stride - 1) / stride
            let total = max(0, (output - 1) * stride + window - length)
            return (output, total / 2, total - total / 2)
        case .causal:
            let padded = length + window - 1
            return (padded >= window ? (padded - window) / stride + 1 : 0, window - 1, 0)
        }
    }
}
