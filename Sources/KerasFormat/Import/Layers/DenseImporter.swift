import NeuralKernels

/// Keras `Dense`: `units`, `activation`, `use_bias`; weights `[kernel (in, units), bias (units)?]`.
enum DenseImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(useBias ? 2 : 1)
        return .dense(try DenseSpec(
            units: try config.int("units"), activation: try config.activation(), kernel: try config.tensor(0),
            bias: useBias ? try config.tensor(1) : nil))
    }
}
