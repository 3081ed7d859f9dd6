/// Max or average pooling along time (channels last): `[batch, length, channels] → [batch, outLength, channels]`.
/// With `same` padding the padded positions are ignored (max and mean over real samples only).
public struct Pooling1DSpec: Sendable {
    public enum Kind: String, Sendable { case max, average }

    public var kind: Kind
    public var poolSize: Int
    public var strides: Int
    /// `valid` or `same`.
    public var padding: Padding

    /// `strides` defaults to `poolSize`.
    public init(kind: Kind, poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid) throws {
        let name = kind == .max ? "MaxPooling1D" : "AveragePooling1D"
        try SpecCheck.size(poolSize, name, "pool_size")
        try SpecCheck.size(strides ?? poolSize, name, "strides")
        guard padding != .causal else {
            throw NeuralKernelsError.unsupportedOption(layer: "", className: name, option: "padding", value: "causal")
        }
        self.kind = kind
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
    }

    var window: WindowGeometry { WindowGeometry(size: poolSize, stride: strides, dilation: 1, padding: padding) }
}
