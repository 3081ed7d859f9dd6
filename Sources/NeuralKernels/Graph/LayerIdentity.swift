/// The name and class of one layer, carried by its operation so that every error names the layer it concerns.
struct LayerIdentity: Sendable {
    let name: String
    let className: String

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

    func shape(_ context: String, expected: String, actual: [Int]) -> NeuralKernelsError {
        shape(context, expected: expected, actual: actual.map { Optional($0) })
    }

    /// Normalises a possibly negative axis against a rank (batch axis included); axis 0 (batch) is refused.
    func axis(_ axis: Int, rank: Int, key: String = "axis") throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 1, resolved < rank else { throw bad(key, "axis \(axis) is out of range for rank \(rank)") }
        return resolved
    }

    /// The last dimension of an input shape, which must be known.
    func knownLast(_ shape: [Int?], what: String = "channel") throws -> Int {
        guard shape.count >= 2, let last = shape.last ?? nil, last >= 1 else {
            throw self.shape("input", expected: "a known \(what) dimension", actual: shape)
        }
        return last
    }

    /// Requires a rank (batch axis included).
    func requireRank(_ shape: [Int?], _ rank: Int) throws {
        guard shape.count == rank else {
            throw self.shape("input", expected: "rank \(rank) (batch axis included)", actual: shape)
        }
    }

    /// Checks that a weight has the expected shape; `name` is how the error calls it (`kernel`, `bias`, …).
    func check(_ weight: Tensor, _ name: String, shape expected: [Int]) throws {
        guard weight.shape == expected else {
            throw badWeights("\(name) has shape \(weight.shape), expected \(expected)")
        }
    }

    /// The bias `[count]` (shape checked), or zeros `[count]` when there is none.
    func bias(_ bias: Tensor?, count: Int) throws -> [Float] {
        guard let bias else { return [Float](repeating: 0, count: count) }
        try check(bias, "bias", shape: [count])
        return bias.values
    }
}

/// Checks that a concrete tensor fits a symbolic shape (batch axis and `nil` dimensions are free).
func check(_ tensor: Tensor, matches shape: [Int?], in layer: LayerIdentity) throws {
    guard tensor.shape.count == shape.count else {
        throw layer.shape("input", expected: describe(shape), actual: tensor.shape)
    }
    for (axis, dimension) in shape.enumerated().dropFirst() {
        if let dimension, tensor.shape[axis] != dimension {
            throw layer.shape("input", expected: describe(shape), actual: tensor.shape)
        }
    }
}
