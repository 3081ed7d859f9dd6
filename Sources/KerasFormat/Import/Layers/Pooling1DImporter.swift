import NeuralKernels

/// Keras `MaxPooling1D` / `AveragePooling1D`: `pool_size` (default 2), `strides` (default the pool size),
/// `padding` (valid/same), channels_last.
enum Pooling1DImporter {
    static func spec(_ config: KerasLayerConfig, kind: Pooling1DSpec.Kind) throws -> LayerSpec {
        try config.requireChannelsLast()
        try config.requireWeights(0)
        let size = try config.int("pool_size", default: 2)
        return .pooling1D(try Pooling1DSpec(
            kind: kind, poolSize: size, strides: try config.int("strides", default: size),
            padding: try config.padding(allowCausal: false)))
    }
}
