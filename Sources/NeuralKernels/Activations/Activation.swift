import Foundation

/// An activation function as Keras defines it (elementwise, except `softmax` which normalises along an axis).
public enum Activation: Sendable, Equatable {
    case linear
    /// Keras `relu` with its full options: `x > threshold ? x : 0`, clipped to `maxValue`,
    /// minus `negativeSlope · max(threshold − x, 0)`.
    case relu(negativeSlope: Float, maxValue: Float?, threshold: Float)
    case sigmoid
    case hardSigmoid(HardSigmoidConvention)
    /// x · hard_sigmoid(x) (Keras 3 convention).
    case hardSwish
    case tanh
    /// Softmax along `axis` (negative counts from the end).
    case softmax(axis: Int)
    case softplus
    case softsign
    case elu(alpha: Float)
    case selu
    case gelu(approximate: Bool)
    case swish
    case exponential
    case mish
    case leakyReLU(slope: Float)

    public static let relu6 = Activation.relu(negativeSlope: 0, maxValue: 6, threshold: 0)
    public static let plainReLU = Activation.relu(negativeSlope: 0, maxValue: nil, threshold: 0)

    /// Applies the activation in place to `values` laid out with `shape` (batch axis included).
    func apply(_ values: inout [Float], shape: [Int]) throws {
        if case .softmax(let axis) = self {
            let resolved = axis < 0 ? axis + shape.count : axis
            guard resolved >= 0, resolved < shape.count else {
                throw NeuralKernelsError.shapeMismatch(
                    context: "softmax", expected: "an axis within rank \(shape.count)", actual: "axis \(axis)")
            }
            Activation.softmax(&values, shape: shape, axis: resolved)
            return
        }
        values.withUnsafeMutableBufferPointer { apply(to: $0) }
    }

    /// Applies an elementwise activation in place (softmax: over the whole buffer as one row).
    func apply(to buffer: UnsafeMutableBufferPointer<Float>) {
        guard let base = buffer.baseAddress else { return }
        let count = buffer.count
        switch self {
        case .linear:
            return
        case .relu(let slope, let maxValue, let threshold):
            for index in 0..<count {
                let x = base[index]
                var y: Float = threshold != 0 ? (x > threshold ? x : 0) : max(x, 0)
                if let maxValue { y = min(max(y, 0), maxValue) }
                if slope != 0 { y -= slope * max(threshold - x, 0) }
                base[index] = y
            }
        case .sigmoid:
            for index in 0..<count { base[index] = Activation.sigmoid(base[index]) }
        case .hardSigmoid(let convention):
            for index in 0..<count { base[index] = Activation.hardSigmoid(base[index], convention) }
        case .hardSwish:
            for index in 0..<count { base[index] *= Activation.hardSigmoid(base[index], .keras3) }
        case .tanh:
            for index in 0..<count { base[index] = Foundation.tanh(base[index]) }
        case .softmax:
            Activation.softmaxRow(base, count: count)
        case .softplus:
            for index in 0..<count { base[index] = Activation.softplus(base[index]) }
        case .softsign:
            for index in 0..<count { base[index] /= 1 + abs(base[index]) }
        case .elu(let alpha):
            for index in 0..<count where base[index] <= 0 { base[index] = alpha * expm1(base[index]) }
        case .selu:
            let alpha: Float = 1.6732632423543772
            let scale: Float = 1.0507009873554805
            for index in 0..<count {
                let x = base[index]
                base[index] = x > 0 ? scale * x : scale * alpha * expm1(x)
            }
        case .gelu(let approximate):
            if approximate {
                let c: Float = 0.7978845608028654  // sqrt(2/π)
                for index in 0..<count {
                    let x = base[index]
                    base[index] = 0.5 * x * (1 + Foundation.tanh(c * (x + 0.044715 * x * x * x)))
                }
            } else {
                for index in 0..<count {
                    let x = base[index]
                    base[index] = 0.5 * x * (1 + erf(x * 0.7071067811865476))
                }
            }
        case .swish:
            for index in 0..<count { base[index] *= Activation.sigmoid(base[index]) }
        case .exponential:
            for index in 0..<count { base[index] = exp(base[index]) }
        case .mish:
            for index in 0..<count { base[index] *= Foundation.tanh(Activation.softplus(base[index])) }
        case .leakyReLU(let slope):
            for index in 0..<count where base[index] < 0 { base[index] *= slope }
        }
    }

    @inline(__always) static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    @inline(__always) static func hardSigmoid(_ x: Float, _ convention: HardSigmoidConvention) -> Float {
        switch convention {
        case .keras2: return min(max(0.2 * x + 0.5, 0), 1)
        case .keras3: return min(max(x / 6 + 0.5, 0), 1)
        }
    }

    /// log(1 + eˣ) without overflow.
    @inline(__always) static func softplus(_ x: Float) -> Float { max(x, 0) + log1p(exp(-abs(x))) }

    /// Softmax along `axis` of a row-major tensor.
    static func softmax(_ values: inout [Float], shape: [Int], axis: Int) {
        let length = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        let outer = shape[..<axis].reduce(1, *)
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            softmax(base, outer: outer, length: length, inner: inner)
        }
    }

    /// Softmax in place over the middle axis of `[outer, length, inner]` row-major floats.
    static func softmax(_ base: UnsafeMutablePointer<Float>, outer: Int, length: Int, inner: Int) {
        guard length > 0, inner > 0 else { return }
        if inner == 1 {
            for row in 0..<outer { softmaxRow(base + row * length, count: length) }
            return
        }
        for row in 0..<outer {
            for column in 0..<inner {
                let start = base + row * length * inner + column
                var largest = -Float.infinity
                for k in 0..<length { largest = max(largest, start[k * inner]) }
                var sum: Float = 0
                for k in 0..<length {
                    let e = exp(start[k * inner] - largest)
                    start[k * inner] = e
                    sum += e
                }
                for k in 0..<length { start[k * inner] /= sum }
            }
        }
    }

    /// Softmax of `count` contiguous values.
    static func softmaxRow(_ row: UnsafeMutablePointer<Float>, count: Int) {
        guard count > 0 else { return }
        var largest = -Float.infinity
        for k in 0..<count { largest = max(largest, row[k]) }
        var sum: Float = 0
        for k in 0..<count {
            let e = exp(row[k] - largest)
            row[k] = e
            sum += e
        }
        for k in 0..<count { row[k] /= sum }
    }
}

/// `hard_sigmoid` definitions across Keras generations.
public enum HardSigmoidConvention: Sendable, Equatable {
    /// clip(0.2·x + 0.5, 0, 1) — Keras 1, Keras 2, tf.keras.
    case keras2
    /// clip(x/6 + 0.5, 0, 1) — Keras 3.
    case keras3
}
