import NeuralKernels

/// Keras `Flatten` (channels_last only).
enum FlattenImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireChannelsLast()
        try config.requireWeights(0)
        return .flatten
    }
}
