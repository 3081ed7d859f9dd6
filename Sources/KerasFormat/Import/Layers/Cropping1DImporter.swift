import NeuralKernels

/// Keras `Cropping1D`: `cropping`, an int or a `(start, end)` pair (default 1).
enum Cropping1DImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        let (start, end) = try config.pair("cropping", default: 1)
        return .cropping1D(try Cropping1DSpec(start: start, end: end))
    }
}
