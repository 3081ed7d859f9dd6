/// Layer normalisation over one or more axes: each slice over `axes` becomes
/// `(x − mean) / sqrt(variance + epsilon) · gamma + beta`; gamma and beta have the normalised axes' element count.
public struct LayerNormalizationSpec: Sendable {
    /// Normalised axes, batch axis counted; negative count from the end.
    public var axes: [Int]
    public var epsilon: Float
    /// nil: 1 (`scale: false`).
    public var gamma: Tensor?
    /// nil: 0 (`center: false`).
    public var beta: Tensor?

    public init(axes: [Int] = [-1], epsilon: Float = 1e-3, gamma: Tensor? = nil, beta: Tensor? = nil) throws {
        guard !axes.isEmpty else { throw SpecCheck.fail("LayerNormalization", "axis", "is empty") }
        try SpecCheck.finite(epsilon, "LayerNormalization", "epsilon")
        self.axes = axes
        self.epsilon = epsilon
        self.gamma = gamma
        self.beta = beta
    }
}
