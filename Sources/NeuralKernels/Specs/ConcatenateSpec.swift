/// Concatenation along `axis` (negative counts from the end; not the batch axis). All other axes must match.
public struct ConcatenateSpec: Sendable {
    public var axis: Int

    public init(axis: Int = -1) {
        self.axis = axis
    }
}
