import NeuralKernels

/// Keras `GlobalMaxPooling1D` / `GlobalAveragePooling1D`: `keepdims`, channels_last.
enum GlobalPooling1DImporter {
    static func spec(_ config: KerasLayerConfig, kind: Pooling1DSpec.Kind) throws -> LayerSpec {
        try config.requireChannelsLast()
        try config.requireWeights(0)
        return .globalPooling1D(GlobalPooling1DSpec(kind: kind, keepDims: try config.bool("keepdims", default: false)))
    }
}
