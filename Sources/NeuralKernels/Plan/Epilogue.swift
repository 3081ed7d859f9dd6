import Foundation

extension Activation {
    /// True when the planned path can run this activation on rows of the last axis of a per-sample shape of rank
    /// `rank` (softmax only along the last axis).
    func isPlannable(rank: Int) -> Bool {
        if case .softmax(let axis) = self { return axis == -1 || axis == rank }
        return true
    }

    /// Applies the activation in place to `rows` rows of `width` floats (softmax normalises each row). ReLU, sigmoid
    /// and tanh take the vectorised `FastMath` paths; the others the same element loops as the layers.
    func apply(_ data: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        let count = rows * width
        switch self {
        case .linear:
            return
        case .relu(negativeSlope: 0, maxValue: nil, threshold: 0):
            FastMath.map(data, count: count) { $0.replacing(with: 0, where: $0 .< 0) }
        case .sigmoid:
            FastMath.map(data, count: count, FastMath.sigmoid)
        case .tanh:
            FastMath.map(data, count: count, FastMath.tanh)
        case .softmax:
            for row in 0..<rows { Activation.softmaxRow(data + row * width, count: width) }
        default:
            apply(to: UnsafeMutableBufferPointer(start: data, count: count))
        }
    }
}

/// What follows a matrix product on each output row `[channels]`: y = activation(x + bias), then
/// y = y·scale + shift when a BatchNormalization was fused in; with `activationLast`,
/// y = activation((x + bias)·scale + shift) (an activation fused after the BatchNormalization).
struct Epilogue: Sendable {
    var bias: [Float]?
    var activation: Activation
    var scale: [Float]?
    var shift: [Float]?
    var activationLast = false

    init(bias: [Float]?, activation: Activation) {
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
        if !activationLast { activation.apply(destination, rows: rows, width: channels) }
        if let scale, let shift {
            scale.withUnsafeBufferPointer { scale in
                shift.withUnsafeBufferPointer { shift in
                    for row in 0..<rows {
                        let y = destination + row * channels
                        for channel in 0..<channels { y[channel] = y[channel] * scale[channel] + shift[channel] }
                    }
                }
            }
        }
        if activationLast { activation.apply(destination, rows: rows, width: channels) }
    }
}
