import NeuralKernels

/// Keras `BatchNormalization` (inference): `axis` (one axis), `epsilon`, `center`, `scale`; `renorm` refused
/// (it adds weights and only changes training). Weights `[gamma?, beta?, moving_mean, moving_variance]`.
enum BatchNormalizationImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        let axes = try config.intList("axis", default: [-1])
        guard axes.count == 1 else { throw config.unsupported("axis", "\(axes)") }
        try config.requireFalse("renorm")
        let hasGamma = try config.bool("scale", default: true)
        let hasBeta = try config.bool("center", default: true)
        try config.requireWeights(2 + (hasGamma ? 1 : 0) + (hasBeta ? 1 : 0))
        var index = 0
        func next() throws -> Tensor {
            defer { index += 1 }
            return try config.tensor(index)
        }
        let gamma = hasGamma ? try next() : nil
        let beta = hasBeta ? try next() : nil
        let mean = try next(), variance = try next()
        return .batchNormalization(try BatchNormalizationSpec(
            axis: axes[0], epsilon: Float(try config.double("epsilon", default: 1e-3)), gamma: gamma, beta: beta,
            movingMean: mean, movingVariance: variance))
    }
}
