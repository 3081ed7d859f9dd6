/// Padding of convolutions and pools along the time axis (the one rule every convolution and pool uses).
public enum Padding: String, Sendable, Equatable {
    case valid, same, causal

    /// Output length and left/right padding for input length `length`, window `window` (dilated extent), `stride`.
    func geometry(length: Int, window: Int, stride: Int) -> (output: Int, padLeft: Int, padRight: Int) {
        switch self {
        case .valid:
            return (length >= window ? (length - window) / stride + 1 : 0, 0, 0)
        case .same:
            let output = (length + stride - 1) / stride
            let total = max(0, (output - 1) * stride + window - length)
            return (output, total / 2, total - total / 2)
        case .causal:
            let padded = length + window - 1
            return (padded >= window ? (padded - window) / stride + 1 : 0, window - 1, 0)
        }
    }
}
