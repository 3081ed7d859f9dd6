/// A fully connected layer on the last axis: `[…, in] → […, units]`, `y = activation(x · kernel + bias)`.
public struct DenseSpec: Sendable {
    public var units: Int
    public var activation: Activation
    /// `[in, units]`.
    public var kernel: Tensor
    /// `[units]`, or nil for no bias.
    public var bias: Tensor?

    public init(units: Int, activation: Activation = .linear, kernel: Tensor, bias: Tensor? = nil) throws {
        try SpecCheck.size(units, "Dense", "units")
        try SpecCheck.weight(kernel, "Dense", "kernel", shape: [nil, units])
        if let bias { try SpecCheck.weight(bias, "Dense", "bias", shape: [units]) }
        self.units = units
        self.activation = activation
        self.kernel = kernel
        self.bias = bias
    }
}
