import NeuralKernels

/// Keras `RepeatVector`: `n`.
enum RepeatVectorImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        return .repeatVector(try RepeatVectorSpec(count: try config.int("n")))
    }
}
