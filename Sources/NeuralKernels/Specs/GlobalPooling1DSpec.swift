/// Max or average over the whole time axis: `[batch, length, channels] → [batch, channels]`
/// (`[batch, 1, channels]` with `keepDims`).
public struct GlobalPooling1DSpec: Sendable {
    public var kind: Pooling1DSpec.Kind
    public var keepDims: Bool

    public init(kind: Pooling1DSpec.Kind, keepDims: Bool = false) {
        self.kind = kind
        self.keepDims = keepDims
    }
}
