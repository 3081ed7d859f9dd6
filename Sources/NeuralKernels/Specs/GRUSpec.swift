/// A gated recurrent unit. Gates `z, r, h̃` along the `3·units` axis; `h' = z·h + (1 − z)·h̃`.
/// `resetAfter` applies the reset gate after the recurrent product and then has two biases (`[2, 3·units]`:
/// input bias, recurrent bias); otherwise one bias `[3·units]`. State `[h]`.
public struct GRUSpec: Sendable {
    public var units: Int
    public var activation: Activation
    public var recurrentActivation: Activation
    public var resetAfter: Bool
    /// `[in, 3·units]`.
    public var kernel: Tensor
    /// `[units, 3·units]`.
    public var recurrentKernel: Tensor
    /// `[2, 3·units]` with `resetAfter`, else `[3·units]`; nil for no bias.
    public var bias: Tensor?
    public var options: RecurrentOptions

    public init(
        units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, resetAfter: Bool = true,
        kernel: Tensor, recurrentKernel: Tensor, bias: Tensor? = nil, options: RecurrentOptions = RecurrentOptions()
    ) throws {
        try SpecCheck.size(units, "GRU", "units")
        try SpecCheck.weight(kernel, "GRU", "kernel", shape: [nil, 3 * units])
        try SpecCheck.weight(recurrentKernel, "GRU", "recurrent_kernel", shape: [units, 3 * units])
        if let bias { try SpecCheck.weight(bias, "GRU", "bias", shape: resetAfter ? [2, 3 * units] : [3 * units]) }
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.resetAfter = resetAfter
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
        self.options = options
    }
}
