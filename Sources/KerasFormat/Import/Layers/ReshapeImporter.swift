import NeuralKernels

/// Keras `Reshape`: `target_shape` (non-batch sizes, at most one -1).
enum ReshapeImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        return .reshape(try ReshapeSpec(targetShape: try config.intList("target_shape")))
    }
}
