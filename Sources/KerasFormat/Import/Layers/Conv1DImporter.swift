import NeuralKernels

/// Keras `Conv1D` (channels_last): `filters`, `kernel_size`, `strides`, `dilation_rate`, `padding`
/// (valid/same/causal), `groups`, `activation`, `use_bias`; weights `[kernel (k, in/groups, filters), bias?]`.
enum Conv1DImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireChannelsLast()
        let useBias = try config.bool("use_bias", default: true)
        try config.requireWeights(useBias ? 2 : 1)
        return .conv1D(try Conv1DSpec(
            filters: try config.int("filters"), kernelSize: try config.int("kernel_size"),
            strides: try config.int("strides", default: 1), dilation: try config.int("dilation_rate", default: 1),
            padding: try config.padding(allowCausal: true), groups: try config.int("groups", default: 1),
            activation: try config.activation(), kernel: try config.tensor(0),
            bias: useBias ? try config.tensor(1) : nil))
    }
}
