import NeuralKernels

/// Keras `Concatenate`: `axis` (default -1).
enum ConcatenateImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        return .concatenate(ConcatenateSpec(axis: try config.int("axis", default: -1)))
    }
}
