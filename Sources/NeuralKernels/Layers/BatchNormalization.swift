import Foundation
import KerasFormat

/// Keras `BatchNormalization` in inference mode, along any one axis: `y = x·scale + shift` per channel of that axis,
/// with `scale = gamma / sqrt(moving_variance + epsilon)` and `shift = beta − moving_mean·scale`.
/// Weights `[gamma?, beta?, moving_mean, moving_variance]`, each `[channels]` (gamma absent without `scale`,
/// beta absent without `center`). Shape-preserving.
struct BatchNormalizationLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    var outputShape: [Int?] { inputShape }
    /// The normalised axis, batch axis counted.
    let axis: Int
    let scale: [Float]
    let shift: [Float]

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        let config = LayerConfig(layer)
        self.config = config
        let axes = try config.intList("axis", default: [-1])
        guard axes.count == 1 else { throw config.unsupported("axis", "\(axes)") }
        let axis = try config.axis(axes[0], rank: inputShape.count)
        guard let channels = inputShape[axis] else {
            throw config.shape("input", expected: "a known size on axis \(axis)", actual: inputShape)
        }
        // Batch renormalisation adds weights and only changes training; refuse it rather than guess their order.
        try config.requireFalse("renorm")
        let hasGamma = try config.bool("scale", default: true)
        let hasBeta = try config.bool("center", default: true)
        let epsilon = try config.double("epsilon", default: 1e-3)
        try config.requireWeights(layer.weights, count: 2 + (hasGamma ? 1 : 0) + (hasBeta ? 1 : 0))
        for weight in layer.weights { try check(weight, shape: [channels], in: config) }
        var remaining = layer.weights[...]
        let gamma = hasGamma ? remaining.removeFirst().values : [Float](repeating: 1, count: channels)
        let beta = hasBeta ? remaining.removeFirst().values : [Float](repeating: 0, count: channels)
        let mean = remaining.removeFirst().values
        let variance = remaining.removeFirst().values
        var scale = [Float](repeating: 0, count: channels)
        var shift = [Float](repeating: 0, count: channels)
        for channel in 0..<channels {
            scale[channel] = gamma[channel] / (variance[channel] + Float(epsilon)).squareRoot()
            shift[channel] = beta[channel] - mean[channel] * scale[channel]
        }
        self.inputShape = inputShape
        self.axis = axis
        self.scale = scale
        self.shift = shift
    }

    /// True when the normalised axis is the last one (the case a preceding Dense/Conv1D can absorb).
    var normalisesLastAxis: Bool { axis == inputShape.count - 1 }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let channels = scale.count
        let inner = input.shape[(axis + 1)...].reduce(1, *)
        let outer = input.shape[..<axis].reduce(1, *)
        var output = input.values
        output.withMutableBase { y in
            for block in 0..<outer {
                for channel in 0..<channels {
                    let (a, b) = (scale[channel], shift[channel])
                    let start = y + (block * channels + channel) * inner
                    for index in 0..<inner { start[index] = start[index] * a + b }
                }
            }
        }
        return Tensor(uncheckedShape: input.shape, values: output)
    }
}
