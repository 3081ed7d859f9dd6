import Foundation
import _NeuralKernelsSIMD

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

    /// True when the packed GEMM can apply this epilogue in registers (`nk_gemm_epilogue`): bias, a plain ReLU or no
    /// activation, and the fused BatchNormalization's scale and shift.
    var isFusable: Bool { activation == .linear || activation == .plainReLU }

    /// Calls `body` with this epilogue as `nk_gemm_epilogue`'s description (valid only inside `body`; only when
    /// `isFusable`, else the activation would be dropped).
    func withFused<R>(_ body: (UnsafePointer<NKEpilogue>) -> R) -> R {
        let relu = activation == .plainReLU
        return Self.withOptional(bias) { bias in
            Self.withOptional(scale) { scale in
                Self.withOptional(shift) { shift in
                    let affine = scale != nil && shift != nil
                    var fused = NKEpilogue(bias: bias, scale: affine ? scale : nil, shift: affine ? shift : nil,
                                           reluBeforeAffine: relu && !(activationLast && affine) ? 1 : 0,
                                           reluAfterAffine: relu && activationLast && affine ? 1 : 0)
                    return withUnsafePointer(to: &fused) { body($0) }
                }
            }
        }
    }

    private static func withOptional<R>(_ values: [Float]?, _ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let values else { return body(nil) }
        return values.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
