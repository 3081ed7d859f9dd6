/// A sequential or functional graph of layer specs compiled into a list of steps in topological order.
/// Values (tensors) are numbered; each step reads some values and writes its outputs, and a value is released after
/// its last reader. Also used as the operation of a nested model.
struct CompiledGraph: Operation {
    /// One call of one layer.
    struct Step: Sendable {
        var operation: any Operation
        var inputs: [Int]
        var outputs: [Int]
        var layerName: String
    }

    let steps: [Step]
    let inputValues: [Int]
    let outputValues: [Int]
    let valueCount: Int
    /// For each step, the values read for the last time there.
    let releases: [[Int]]
    let inputSpecs: [TensorSpec]
    let outputSpecs: [TensorSpec]
    let summaries: [LayerSummary]
    let parameterCount: Int

    var outputShapes: [[Int?]] { outputSpecs.map(\.shape) }

    /// Compiles `graph`. `inputShapes`, when given (a nested model's call), override the graph's declared input shapes.
    init(_ graph: GraphSpec, inputShapes: [[Int?]]? = nil) throws {
        var builder = GraphBuilder()
        switch graph.kind {
        case .sequential: try builder.addSequential(graph, inputShapes: inputShapes)
        case .functional: try builder.addFunctional(graph, inputShapes: inputShapes)
        }
        steps = builder.steps
        inputValues = builder.inputValues
        outputValues = builder.outputValues
        valueCount = builder.valueShapes.count
        let shapes = builder.valueShapes
        inputSpecs = zip(builder.inputNames, builder.inputValues).map { TensorSpec(name: $0, shape: shapes[$1]) }
        outputSpecs = zip(builder.outputNames, builder.outputValues).map { TensorSpec(name: $0, shape: shapes[$1]) }
        summaries = builder.summaries
        parameterCount = builder.summaries.reduce(0) { $0 + $1.parameterCount }
        var lastReader = [Int](repeating: -1, count: valueCount)
        for (index, step) in steps.enumerated() { for value in step.inputs { lastReader[value] = index } }
        for value in outputValues { lastReader[value] = steps.count }
        var releases = [[Int]](repeating: [], count: steps.count)
        for (value, reader) in lastReader.enumerated() where reader >= 0 && reader < steps.count {
            releases[reader].append(value)
        }
        self.releases = releases
    }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == inputValues.count else {
            throw NeuralKernelsError.graph("expected \(inputValues.count) inputs, got \(inputs.count)")
        }
        var values = [Tensor?](repeating: nil, count: valueCount)
        for (value, tensor) in zip(inputValues, inputs) { values[value] = tensor }
        for (index, step) in steps.enumerated() {
            let arguments = try step.inputs.map { value -> Tensor in
                guard let tensor = values[value] else {
                    throw NeuralKernelsError.graph("layer '\(step.layerName)' ran before its input was computed")
                }
                return tensor
            }
            let results = try step.operation.forward(arguments)
            guard results.count == step.outputs.count else {
                throw NeuralKernelsError.graph(
                    "layer '\(step.layerName)' produced \(results.count) outputs, expected \(step.outputs.count)")
            }
            for value in releases[index] { values[value] = nil }
            for (value, tensor) in zip(step.outputs, results) { values[value] = tensor }
        }
        return try outputValues.map { value in
            guard let tensor = values[value] else { throw NeuralKernelsError.graph("a model output was not computed") }
            return tensor
        }
    }
}
