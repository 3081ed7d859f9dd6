/// Validation shared by the spec initialisers. Errors name the spec kind and field; the layer name is added by
/// whoever names the layer (`NeuralKernelsError.naming(layer:className:)`).
enum SpecCheck {
    /// Upper bound on sizes, strides, rates and counts, so that products of them cannot overflow.
    static let maximumSize = 1 << 24

    static func fail(_ kind: String, _ field: String, _ reason: String) -> NeuralKernelsError {
        .badConfig(layer: "", className: kind, key: field, reason: reason)
    }

    /// A size in `minimum…maximumSize`.
    static func size(_ value: Int, _ kind: String, _ field: String, atLeast minimum: Int = 1) throws {
        guard value >= minimum else { throw fail(kind, field, "must be at least \(minimum), got \(value)") }
        guard value <= maximumSize else {
            throw fail(kind, field, "\(value) exceeds the supported maximum \(maximumSize)")
        }
    }

    /// A weight of a given rank whose known axes match (`nil` axes are checked when the input shape is known).
    static func weight(_ weight: Tensor, _ kind: String, _ field: String, shape expected: [Int?]) throws {
        let fits = weight.shape.count == expected.count
            && zip(weight.shape, expected).allSatisfy { actual, wanted in wanted.map { $0 == actual } ?? true }
        guard fits else {
            throw NeuralKernelsError.badWeights(
                layer: "", className: kind, reason: "\(field) has shape \(weight.shape), expected \(describe(expected))")
        }
    }

    static func finite(_ value: Float, _ kind: String, _ field: String) throws {
        guard value.isFinite else { throw fail(kind, field, "must be a finite number") }
    }
}

extension NeuralKernelsError {
    /// The same error with the layer's name and class filled in where a spec initialiser left them empty.
    public func naming(layer name: String, className: String) -> NeuralKernelsError {
        switch self {
        case .badConfig(let layer, _, let key, let reason) where layer.isEmpty:
            return .badConfig(layer: name, className: className, key: key, reason: reason)
        case .badWeights(let layer, _, let reason) where layer.isEmpty:
            return .badWeights(layer: name, className: className, reason: reason)
        case .unsupportedOption(let layer, _, let option, let value) where layer.isEmpty:
            return .unsupportedOption(layer: name, className: className, option: option, value: value)
        default:
            return self
        }
    }
}
