/// A 1-D convolution (cross-correlation, channels last): `[batch, length, in] → [batch, outLength, filters]`.
/// `y[t, f] = activation(bias[f] + Σ_j Σ_c x[t·strides + j·dilation − padLeft, g·in/groups + c] · kernel[j, c, f])`
/// with `g` the group of filter `f`.
public struct Conv1DSpec: Sendable {
    public var filters: Int
    public var kernelSize: Int
    public var strides: Int
    public var dilation: Int
    public var padding: Padding
    public var groups: Int
    public var activation: Activation
    /// `[kernelSize, in/groups, filters]`.
    public var kernel: Tensor
    /// `[filters]`, or nil for no bias.
    public var bias: Tensor?

    public init(
        filters: Int, kernelSize: Int, strides: Int = 1, dilation: Int = 1, padding: Padding = .valid,
        groups: Int = 1, activation: Activation = .linear, kernel: Tensor, bias: Tensor? = nil
    ) throws {
        try SpecCheck.size(filters, "Conv1D", "filters")
        try SpecCheck.size(kernelSize, "Conv1D", "kernel_size")
        try SpecCheck.size(strides, "Conv1D", "strides")
        try SpecCheck.size(dilation, "Conv1D", "dilation_rate")
        try SpecCheck.size(groups, "Conv1D", "groups")
        guard filters % groups == 0 else {
            throw SpecCheck.fail("Conv1D", "groups", "\(groups) must divide the filters (\(filters))")
        }
        try SpecCheck.weight(kernel, "Conv1D", "kernel", shape: [kernelSize, nil, filters])
        if let bias { try SpecCheck.weight(bias, "Conv1D", "bias", shape: [filters]) }
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.dilation = dilation
        self.padding = padding
        self.groups = groups
        self.activation = activation
        self.kernel = kernel
        self.bias = bias
    }

    var window: WindowGeometry { WindowGeometry(size: kernelSize, stride: strides, dilation: dilation, padding: padding) }
}
