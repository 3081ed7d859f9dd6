/// Zeros added before and after the time axis: `[batch, length, features] → [batch, left + length + right, features]`.
public struct ZeroPadding1DSpec: Sendable {
    public var left: Int
    public var right: Int

    public init(left: Int = 1, right: Int = 1) throws {
        try SpecCheck.size(left, "ZeroPadding1D", "padding", atLeast: 0)
        try SpecCheck.size(right, "ZeroPadding1D", "padding", atLeast: 0)
        self.left = left
        self.right = right
    }
}
