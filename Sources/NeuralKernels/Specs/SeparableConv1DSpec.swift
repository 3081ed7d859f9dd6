/// A depthwise convolution (`depthMultiplier` filters per input channel, no bias) followed by a pointwise one:
/// `[batch, length, in] → [batch, outLength, filters]`.
public struct SeparableConv1DSpec: Sendable {
    public var filters: Int
    public var kernelSize: Int
    public var strides: Int
    public var dilation: Int
    public var padding: Padding
    public var depthMultiplier: Int
    public var activation: Activation
    /// `[kernelSize, in, depthMultiplier]`.
    public var depthwiseKernel: Tensor
    /// `[1, in·depthMultiplier, filters]`.
    public var pointwiseKernel: Tensor
    /// `[filters]`, or nil for no bias.
    public var bias: Tensor?

    public init(
        filters: Int, kernelSize: Int, strides: Int = 1, dilation: Int = 1, padding: Padding = .valid,
        depthMultiplier: Int = 1, activation: Activation = .linear, depthwiseKernel: Tensor, pointwiseKernel: Tensor,
        bias: Tensor? = nil
    ) throws {
        let kind = "SeparableConv1D"
        try SpecCheck.size(filters, kind, "filters")
        try SpecCheck.size(kernelSize, kind, "kernel_size")
        try SpecCheck.size(strides, kind, "strides")
        try SpecCheck.size(dilation, kind, "dilation_rate")
        try SpecCheck.size(depthMultiplier, kind, "depth_multiplier")
        try SpecCheck.weight(depthwiseKernel, kind, "depthwise_kernel", shape: [kernelSize, nil, depthMultiplier])
        try SpecCheck.weight(pointwiseKernel, kind, "pointwise_kernel", shape: [1, nil, filters])
        if let bias { try SpecCheck.weight(bias, kind, "bias", shape: [filters]) }
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.dilation = dilation
        self.padding = padding
        self.depthMultiplier = depthMultiplier
        self.activation = activation
        self.depthwiseKernel = depthwiseKernel
        self.pointwiseKernel = pointwiseKernel
        self.bias = bias
    }

    var window: WindowGeometry { WindowGeometry(size: kernelSize, stride: strides, dilation: dilation, padding: padding) }
}
