/// A linear layer (no activation) whose output channels can absorb a following per-channel affine map
/// `y·scale + shift` (an inference-mode BatchNormalization) exactly, by scaling its kernel and bias.
protocol AffineFoldable: Operation {
    /// Number of output channels (the last axis).
    var outputChannels: Int { get }
    /// True when the layer's own activation is linear, so folding is exact.
    var activation: Activation { get }
    /// Row-major kernel whose last axis is the output channels: `[…, outputChannels]`.
    var kernel: [Float] { get set }
    /// `[outputChannels]`, zeros when the layer has no bias.
    var bias: [Float] { get set }
}

extension AffineFoldable {
    /// The same layer with `scale` and `shift` (each `[outputChannels]`) folded in: every kernel column `c` is
    /// multiplied by `scale[c]`, and the bias becomes `bias·scale + shift`.
    func folding(scale: [Float], shift: [Float]) -> any Operation {
        let channels = outputChannels
        var folded = self
        for row in 0..<(kernel.count / channels) {
            for channel in 0..<channels { folded.kernel[row * channels + channel] *= scale[channel] }
        }
        folded.bias = (0..<channels).map { bias[$0] * scale[$0] + shift[$0] }
        return folded
    }
}
