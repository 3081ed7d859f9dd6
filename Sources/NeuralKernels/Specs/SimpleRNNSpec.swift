/// A fully connected recurrent layer: `h' = activation(x·kernel + h·recurrentKernel + bias)`. State `[h]`.
public struct SimpleRNNSpec: Sendable {
    public var units: Int
    public var activation: Activation
    /// `[in, units]`.
    public var kernel: Tensor
    /// `[units, units]`.
    public var recurrentKernel: Tensor
    /// `[units]`, or nil for no bias.
    public var bias: Tensor?
    public var options: RecurrentOptions

    public init(
        units: Int, activation: Activation = .tanh, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor? = nil,
        options: RecurrentOptions = RecurrentOptions()
    ) throws {
        try SpecCheck.size(units, "SimpleRNN", "units")
        try SpecCheck.weight(kernel, "SimpleRNN", "kernel", shape: [nil, units])
        try SpecCheck.weight(recurrentKernel, "SimpleRNN", "recurrent_kernel", shape: [units, units])
        if let bias { try SpecCheck.weight(bias, "SimpleRNN", "bias", shape: [units]) }
        self.units = units
        self.activation = activation
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
        self.options = options
    }
}
