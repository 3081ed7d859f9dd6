/// Row-major float32 tensor; shape includes the batch axis where there is one.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var values: [Float]

    /// Throws `NeuralKernelsError.shapeMismatch` when `values.count` is not the product of `shape`
    /// or a dimension is negative.
    public init(shape: [Int], values: [Float]) throws {
        guard shape.allSatisfy({ $0 >= 0 }), Tensor.elementCount(shape) == values.count else {
            throw NeuralKernelsError.shapeMismatch(
                context: "tensor", expected: "\(values.count) values", actual: "shape \(shape)")
        }
        self.shape = shape
        self.values = values
    }

    /// A tensor of zeros (negative dimensions count as zero).
    public init(zeros shape: [Int]) {
        let clamped = shape.map { max(0, $0) }
        self.shape = clamped
        self.values = [Float](repeating: 0, count: Tensor.elementCount(clamped))
    }

    /// Internal initialiser for kernels that already guarantee `values.count == product(shape)`.
    init(uncheckedShape shape: [Int], values: [Float]) {
        self.shape = shape
        self.values = values
    }

    /// Number of elements of a shape.
    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

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
