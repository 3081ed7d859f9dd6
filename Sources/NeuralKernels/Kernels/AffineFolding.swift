/// A linear layer (no activation) whose output channels can absorb a following per-channel affine map
/// `y·scale + shift` (an inference-mode BatchNormalization) exactly, by scaling its kernel and bias.
protocol AffineFoldable: Operation {
    /// Number of output channels (the last axis).
    var outputChannels: Int { get }
    /// True when the layer's own activation is linear, so folding is exact.
    var activation: Activation { get }
    /// The same layer with `scale` and `shift` (each `[outputChannels]`) folded in.
    func folding(scale: [Float], shift: [Float]) -> any Operation
}
