/// Elementwise merge of two or more inputs (`subtract`: exactly two). Lower-rank inputs get size-1 axes inserted
/// after the batch axis, then size-1 axes broadcast.
public struct MergeSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case add = "Add", subtract = "Subtract", multiply = "Multiply"
        case average = "Average", maximum = "Maximum", minimum = "Minimum"
    }

    public var kind: Kind

    public init(kind: Kind) {
        self.kind = kind
    }
}
