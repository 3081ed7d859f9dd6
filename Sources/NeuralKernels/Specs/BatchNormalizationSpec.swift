/// Inference-mode batch normalisation along one axis: `y = x·scale + shift` per channel of that axis with
/// `scale = gamma / sqrt(movingVariance + epsilon)`, `shift = beta − movingMean·scale`. Shape-preserving.
public struct BatchNormalizationSpec: Sendable {
    /// The normalised axis, batch axis counted; negative counts from the end.
    public var axis: Int
    public var epsilon: Float
    /// `[channels]` each; gamma nil means 1 (`scale: false`), beta nil means 0 (`center: false`).
    public var gamma: Tensor?
    public var beta: Tensor?
    public var movingMean: Tensor
    public var movingVariance: Tensor

    public init(
        axis: Int = -1, epsilon: Float = 1e-3, gamma: Tensor? = nil, beta: Tensor? = nil, movingMean: Tensor,
        movingVariance: Tensor
    ) throws {
        let kind = "BatchNormalization"
        try SpecCheck.finite(epsilon, kind, "epsilon")
        try SpecCheck.weight(movingMean, kind, "moving_mean", shape: [nil])
        let channels = movingMean.shape[0]
        try SpecCheck.weight(movingVariance, kind, "moving_variance", shape: [channels])
        if let gamma { try SpecCheck.weight(gamma, kind, "gamma", shape: [channels]) }
        if let beta { try SpecCheck.weight(beta, kind, "beta", shape: [channels]) }
        self.axis = axis
        self.epsilon = epsilon
        self.gamma = gamma
        self.beta = beta
        self.movingMean = movingMean
        self.movingVariance = movingVariance
    }

    public var channels: Int { movingMean.shape[0] }

    /// The per-channel affine map, each `[channels]`.
    var affine: (scale: [Float], shift: [Float]) {
        var scale = [Float](repeating: 0, count: channels)
        var shift = [Float](repeating: 0, count: channels)
        for channel in 0..<channels {
            let g = gamma?.values[channel] ?? 1, b = beta?.values[channel] ?? 0
            scale[channel] = g / (movingVariance.values[channel] + epsilon).squareRoot()
            shift[channel] = b - movingMean.values[channel] * scale[channel]
        }
        return (scale, shift)
    }
}
