import NeuralKernels

/// Keras `SeparableConv1D`: the `Conv1D` keys plus `depth_multiplier`; weights
/// `[depthwise_kernel (k, in, m), pointwise_kernel (1, in·m, filters), bias?]`.
enum SeparableConv1DImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireChannelsLast()
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(useBias ? 3 : 2)
        return .separableConv1D(try SeparableConv1DSpec(
            filters: try config.int("filters"), kernelSize: try config.int("kernel_size"),
            strides: try config.int("strides", default: 1), dilation: try config.int("dilation_rate", default: 1),
            padding: try config.padding(allowCausal: true),
            depthMultiplier: try config.int("depth_multiplier", default: 1), activation: try config.activation(),
            depthwiseKernel: try config.tensor(0), pointwiseKernel: try config.tensor(1),
            bias: useBias ? try config.tensor(2) : nil))
    }
}
