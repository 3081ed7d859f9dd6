/// One call of a layer, built for its input shapes. Immutable, so one instance runs from many threads at once.
protocol Operation: Sendable {
    /// Symbolic output shapes, batch axis included (`nil` for unknown dimensions).
    var outputShapes: [[Int?]] { get }
    /// Runs the layer on concrete tensors (batch axis first) and returns one tensor per output.
    func forward(_ inputs: [Tensor]) throws -> [Tensor]
}

/// A layer with exactly one input and one output.
protocol UnaryOperation: Operation {
    var outputShape: [Int?] { get }
    func forward(_ input: Tensor) throws -> Tensor
}

extension UnaryOperation {
    var outputShapes: [[Int?]] { [outputShape] }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw NeuralKernelsError.graph("a single-input layer received \(inputs.count) inputs")
        }
        return [try forward(inputs[0])]
    }
}
