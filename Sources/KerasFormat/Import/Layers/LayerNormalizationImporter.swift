import NeuralKernels

/// Keras `LayerNormalization`: `axis` (one or more), `epsilon`, `center`, `scale`; `rms_scaling` refused.
/// Weights `[gamma?, beta?]`.
enum LayerNormalizationImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        if try config.bool("rms_scaling", default: false) { throw config.unsupported("rms_scaling", "true") }
        let hasGamma = try config.bool("scale", default: true)
        let hasBeta = try config.bool("center", default: true)
        try config.requireWeights((hasGamma ? 1 : 0) + (hasBeta ? 1 : 0))
        return .layerNormalization(try LayerNormalizationSpec(
            axes: try config.intList("axis", default: [-1]), epsilon: Float(try config.double("epsilon", default: 1e-3)),
            gamma: hasGamma ? try config.tensor(0) : nil, beta: hasBeta ? try config.tensor(hasGamma ? 1 : 0) : nil))
    }
}
