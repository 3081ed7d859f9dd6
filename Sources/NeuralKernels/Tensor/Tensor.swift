/// Row-major float32 tensor; shape includes the batch axis where there is one.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]

    /// Throws `NeuralKernelsError.shapeMismatch` when `values.count` is not the product of `shape`
    /// or a dimension is negative.
    public init(shape: [Int], values: [Float]) throws {
        guard Tensor.exactElementCount(shape) == values.count else {
            throw NeuralKernelsError.shapeMismatch(
                context: "tensor", expected: "\(values.count) values", actual: "shape \(shape)")
        }
        self.shape = shape
        self.values = values
    }

    /// A tensor of zeros (negative dimensions count as zero).
    /// A tensor of zeros (negative dimensions count as zero; a shape whose size overflows gives an empty tensor
    /// of shape `[0]`).
    public init(zeros shape: [Int]) {
        let clamped = shape.map { max(0, $0) }
        let count = Tensor.exactElementCount(clamped)
        self.shape = count == nil ? [0] : clamped
        self.values = [Float](repeating: 0, count: count ?? 0)
    }

    /// Internal initialiser for kernels that already guarantee `values.count == product(shape)`.
    init(uncheckedShape shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// Number of elements of a shape whose count is known to be valid (built by a kernel).
    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Number of elements of an untrusted shape; nil when a dimension is negative or the product overflows.
    static func exactElementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// Largest tensor a layer may create (4 GiB of float32).
    static let maximumElementCount = 1 << 30

    /// Element count of a shape a layer is about to allocate; throws when it overflows or exceeds the maximum.
    static func checkedElementCount(_ shape: [Int], context: String) throws -> Int {
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: max(0, dimension))
            guard !overflow, product <= maximumElementCount else {
                throw NeuralKernelsError.shapeMismatch(
                    context: context, expected: "at most \(maximumElementCount) elements", actual: "shape \(shape)")
            }
            count = product
        }
        return count
    }

    /// Rank (number of axes, batch included).
    var rank: Int { shape.count }

    /// Leading batch size (1 for a scalar).
    var batch: Int { shape.first ?? 1 }

    /// Same values, another shape with the same element count.
    func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(uncheckedShape: newShape, values: values)
    }
}

/// Name and shape of a model input or output; `nil` marks an unknown dimension (always the batch axis).
public struct TensorSpec: Sendable, Equatable {
    public var name: String
    public var shape: [Int?]

    public init(name: String, shape: [Int?]) {
        self.name = name
        self.shape = shape
    }
}

/// Formats a symbolic shape the way Keras prints it: `(None, 360, 1)`.
func describe(_ shape: [Int?]) -> String {
    "(" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
}
