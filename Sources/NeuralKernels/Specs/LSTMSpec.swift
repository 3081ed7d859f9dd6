/// A long short-term memory layer. Gates `i, f, c, o` in that order along the `4·units` axis:
/// `z = x·kernel + h·recurrentKernel + bias`, `c' = σ(f)·c + σ(i)·act(c̃)`, `h' = σ(o)·act(c')`
/// (σ = `recurrentActivation`, act = `activation`). States `[h, c]`.
public struct LSTMSpec: Sendable {
    public var units: Int
    public var activation: Activation
    public var recurrentActivation: Activation
    /// `[in, 4·units]`.
    public var kernel: Tensor
    /// `[units, 4·units]`.
    public var recurrentKernel: Tensor
    /// `[4·units]`, or nil for no bias.
    public var bias: Tensor?
    public var options: RecurrentOptions

    public init(
        units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid, kernel: Tensor,
        recurrentKernel: Tensor, bias: Tensor? = nil, options: RecurrentOptions = RecurrentOptions()
    ) throws {
        try SpecCheck.size(units, "LSTM", "units")
        try SpecCheck.weight(kernel, "LSTM", "kernel", shape: [nil, 4 * units])
        try SpecCheck.weight(recurrentKernel, "LSTM", "recurrent_kernel", shape: [units, 4 * units])
        if let bias { try SpecCheck.weight(bias, "LSTM", "bias", shape: [4 * units]) }
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.kernel = kernel
        self.recurrentKernel = recurrentKernel
        self.bias = bias
        self.options = options
    }
}
