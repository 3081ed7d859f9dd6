import Foundation

/// Element-wise activations the planned path runs (anything else keeps a model on the generic path).
enum PlannedActivation: String, Sendable {
    case linear, relu, sigmoid, tanh, softmax

    /// The fused form of `activation`, nil when the planned path does not run it (softmax only over the last axis).
    init?(_ activation: Activation) {
        switch activation {
        case .linear: self = .linear
        case .plainReLU: self = .relu
        case .sigmoid: self = .sigmoid
        case .tanh: self = .tanh
        case .softmax(axis: -1): self = .softmax
        default: return nil
        }
    }

    /// Applies the activation in place to `rows` rows of `width` floats (softmax normalises each row).
    func apply(_ data: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        let count = rows * width
        switch self {
        case .linear:
            return
        case .relu:
            FastMath.map(data, count: count) { $0.replacing(with: 0, where: $0 .< 0) }
        case .sigmoid:
            FastMath.map(data, count: count, FastMath.sigmoid)
        case .tanh:
            FastMath.map(data, count: count, FastMath.tanh)
        case .softmax:
            for row in 0..<rows {
                let x = data + row * width
                var top = -Float.infinity
                for index in 0..<width { top = Swift.max(top, x[index]) }
                var sum: Float = 0
                for index in 0..<width {
                    x[index] = Foundation.exp(x[index] - top)
                    sum += x[index]
                }
                let scale = 1 / sum
                for index in 0..<width { x[index] *= scale }
            }
        }
    }
}

/// What follows a matrix product on each output row `[channels]`: y = activation(x + bias), then
/// y = y·scale + shift when a BatchNormalization was fused in.
struct Epilogue: Sendable {
    var bias: [Float]?
    var activation: PlannedActivation
    var scale: [Float]?
    var shift: [Float]?

    init(bias: [Float]?, activation: PlannedActivation) {
        self.bias = bias
        self.activation = activation
    }

    /// Rows of `channels` from `source` (row stride `channels`) into `destination`; the two may be the same.
    func apply(from source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, rows: Int, channels: Int) {
        if let bias {
            bias.withUnsafeBufferPointer { bias in
                for row in 0..<rows {
                    let x = source + row * channels, y = destination + row * channels
                    for channel in 0..<channels { y[channel] = x[channel] + bias[channel] }
                }
            }
        } else if UnsafePointer(destination) != source {
            destination.update(from: source, count: rows * channels)
        }
        activation.apply(destination, rows: rows, width: channels)
        guard let scale, let shift else { return }
        scale.withUnsafeBufferPointer { scale in
            shift.withUnsafeBufferPointer { shift in
                for row in 0..<rows {
                    let y = destination + row * channels
                    for channel in 0..<channels { y[channel] = y[channel] * scale[channel] + shift[channel] }
                }
            }
        }
    }
}
