import NeuralKernels

/// Keras `UpSampling1D`: `size` (default 2).
enum UpSampling1DImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        return .upSampling1D(try UpSampling1DSpec(size: try config.int("size", default: 2)))
    }
}
