import NeuralKernels

/// Keras `Permute`: `dims`, a 1-based permutation of the non-batch axes.
enum PermuteImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        return .permute(try PermuteSpec(dims: try config.intList("dims")))
    }
}
