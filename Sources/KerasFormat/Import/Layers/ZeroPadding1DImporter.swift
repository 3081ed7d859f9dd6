import NeuralKernels

/// Keras `ZeroPadding1D`: `padding`, an int or a `(left, right)` pair (default 1).
enum ZeroPadding1DImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        let (left, right) = try config.pair("padding", default: 1)
        return .zeroPadding1D(try ZeroPadding1DSpec(left: left, right: right))
    }
}
