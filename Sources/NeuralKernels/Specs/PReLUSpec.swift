/// Parametric ReLU: `x ≥ 0 ? x : alpha·x`, `alpha` of the input's non-batch shape with size 1 on `sharedAxes`.
public struct PReLUSpec: Sendable {
    /// 1-based (batch axis 0) axes along which alpha is shared.
    public var sharedAxes: [Int]
    public var alpha: Tensor

    public init(sharedAxes: [Int] = [], alpha: Tensor) {
        self.sharedAxes = sharedAxes
        self.alpha = alpha
    }
}
