import NeuralKernels

/// Keras `PReLU`: `shared_axes`; weights `[alpha]`.
enum PReLUImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(1)
        return .prelu(PReLUSpec(sharedAxes: try config.intList("shared_axes", default: []), alpha: try config.tensor(0)))
    }
}
