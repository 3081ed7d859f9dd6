import NeuralKernels

/// Keras `DepthwiseConv1D`: `kernel_size`, `strides`, `dilation_rate`, `padding`, `depth_multiplier`,
/// `activation`, `use_bias`; weights `[kernel (k, in, m), bias (in·m)?]`.
enum DepthwiseConv1DImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireChannelsLast()
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(useBias ? 2 : 1)
        return .depthwiseConv1D(try DepthwiseConv1DSpec(
            kernelSize: try config.int("kernel_size"), strides: try config.int("strides", default: 1),
            dilation: try config.int("dilation_rate", default: 1), padding: try config.padding(allowCausal: true),
            depthMultiplier: try config.int("depth_multiplier", default: 1), activation: try config.activation(),
            kernel: try config.tensor(0), bias: useBias ? try config.tensor(1) : nil))
    }
}
