/// A depthwise 1-D convolution: `[batch, length, in] → [batch, outLength, in·depthMultiplier]`; output channel
/// `c·depthMultiplier + m` convolves input channel `c` with `kernel[:, c, m]`.
public struct DepthwiseConv1DSpec: Sendable {
    public var kernelSize: Int
    public var strides: Int
    public var dilation: Int
    public var padding: Padding
    public var depthMultiplier: Int
    public var activation: Activation
    /// `[kernelSize, in, depthMultiplier]`.
    public var kernel: Tensor
    /// `[in·depthMultiplier]`, or nil for no bias.
    public var bias: Tensor?

    public init(
        kernelSize: Int, strides: Int = 1, dilation: Int = 1, padding: Padding = .valid, depthMultiplier: Int = 1,
        activation: Activation = .linear, kernel: Tensor, bias: Tensor? = nil
    ) throws {
        let kind = "DepthwiseConv1D"
        try SpecCheck.size(kernelSize, kind, "kernel_size")
        try SpecCheck.size(strides, kind, "strides")
        try SpecCheck.size(dilation, kind, "dilation_rate")
        try SpecCheck.size(depthMultiplier, kind, "depth_multiplier")
        try SpecCheck.weight(kernel, kind, "kernel", shape: [kernelSize, nil, depthMultiplier])
        if let bias { try SpecCheck.weight(bias, kind, "bias", shape: [nil]) }
        self.kernelSize = kernelSize
        self.strides = strides
        self.dilation = dilation
        self.padding = padding
        self.depthMultiplier = depthMultiplier
        self.activation = activation
        self.kernel = kernel
        self.bias = bias
    }

    var window: WindowGeometry { WindowGeometry(size: kernelSize, stride: strides, dilation: dilation, padding: padding) }
}
