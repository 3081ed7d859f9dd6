/// Builds the steps of a `CompiledGraph` from a `GraphSpec`: resolves layer calls to values, orders them topologically,
/// and infers shapes layer by layer. (BatchNormalization runs as its own layer here; the plan fuses it into epilogues.)
struct GraphBuilder {
    var steps: [CompiledGraph.Step] = []
    /// Symbolic shape of each value.
    var valueShapes: [[Int?]] = []
    var inputValues: [Int] = []
    var inputNames: [String] = []
    var outputValues: [Int] = []
    var outputNames: [String] = []
    var summaries: [LayerSummary] = []

    private mutating func newValue(_ shape: [Int?]) -> Int {
        valueShapes.append(shape)
        return valueShapes.count - 1
    }

    /// Adds one call of `layer` on `inputs` and returns its output values.
    private mutating func call(_ layer: GraphSpec.Layer, inputs: [Int]) throws -> [Int] {
        let operation = try LayerFactory.make(
            layer.spec, layer: LayerIdentity(name: layer.name, className: layer.className),
            inputShapes: inputs.map { valueShapes[$0] })
        let outputs = operation.outputShapes.map { newValue($0) }
        steps.append(CompiledGraph.Step(operation: operation, inputs: inputs, outputs: outputs, layerName: layer.name))
        return outputs
    }

    private mutating func summarise(_ layer: GraphSpec.Layer, outputShapes: [[Int?]]) {
        summaries.append(LayerSummary(
            name: layer.name, className: layer.className, outputShapes: outputShapes,
            parameterCount: layer.spec.parameterCount))
    }

    /// The batch shape an input layer declares, batch axis `nil`.
    private static func declaredShape(of layer: GraphSpec.Layer) throws -> [Int?] {
        guard case .input(let shape) = layer.spec, !shape.isEmpty else {
            throw NeuralKernelsError.graph("input '\(layer.name)' does not declare its shape")
        }
        guard shape.allSatisfy({ ($0 ?? 1) >= 0 }) else {
            throw NeuralKernelsError.graph("input '\(layer.name)' has a negative size")
        }
        return [nil] + shape.dropFirst()
    }

    /// Checks that a supplied shape (from an outer graph) fits a declared one; returns the more precise of the two.
    private static func merge(_ supplied: [Int?], declared: [Int?], name: String) throws -> [Int?] {
        guard supplied.count == declared.count else {
            throw NeuralKernelsError.shapeMismatch(
                context: "input of nested model '\(name)'", expected: describe(declared), actual: describe(supplied))
        }
        return try zip(supplied, declared).map { pair in
            if let a = pair.0, let b = pair.1, a != b {
                throw NeuralKernelsError.shapeMismatch(
                    context: "input of nested model '\(name)'", expected: describe(declared), actual: describe(supplied))
            }
            return pair.0 ?? pair.1
        }
    }

    /// The input shape a Sequential graph declares (batch axis `nil`), or nil when it declares none.
    private static func declaredInputShape(of graph: GraphSpec) throws -> [Int?]? {
        if let declared = graph.sequentialInputShape, !declared.isEmpty { return [nil] + declared.dropFirst() }
        if let first = graph.layers.first, first.isInput { return try declaredShape(of: first) }
        return nil
    }

    mutating func addSequential(_ graph: GraphSpec, inputShapes: [[Int?]]?) throws {
        var layers = graph.layers[...]
        let firstIsInput = layers.first?.isInput == true
        let declared = try GraphBuilder.declaredInputShape(of: graph)
        let shape: [Int?]
        switch (inputShapes, declared) {
        case (let supplied?, _) where supplied.count != 1:
            throw NeuralKernelsError.graph("Sequential model '\(graph.name)' takes one input, got \(supplied.count)")
        case (let supplied?, let declared?):
            shape = try GraphBuilder.merge(supplied[0], declared: declared, name: graph.name)
        case (let supplied?, nil):
            shape = supplied[0]
        case (nil, let declared?):
            shape = declared
        case (nil, nil):
            throw NeuralKernelsError.graph("Sequential model '\(graph.name)' does not declare its input shape")
        }
        let inputName: String
        if firstIsInput, let first = layers.popFirst() {
            inputName = first.name
            summarise(first, outputShapes: [shape])
        } else {
            inputName = graph.name + "_input"
        }
        guard !layers.isEmpty else { throw NeuralKernelsError.graph("Sequential model '\(graph.name)' has no layers") }
        var current = newValue(shape)
        inputValues = [current]
        inputNames = [inputName]
        for layer in layers {
            guard !layer.isInput else {
                throw NeuralKernelsError.graph("Sequential model '\(graph.name)' has an InputLayer '\(layer.name)' after its first layer")
            }
            let outputs = try call(layer, inputs: [current])
            summarise(layer, outputShapes: outputs.map { valueShapes[$0] })
            guard outputs.count == 1 else {
                throw NeuralKernelsError.graph(
                    "layer '\(layer.name)' (\(layer.className)) has \(outputs.count) outputs; a Sequential model needs one")
            }
            current = outputs[0]
        }
        outputValues = [current]
        outputNames = [layers.last?.name ?? graph.name]
    }

    mutating func addFunctional(_ graph: GraphSpec, inputShapes: [[Int?]]?) throws {
        var layersByName: [String: GraphSpec.Layer] = [:]
        for layer in graph.layers {
            guard layersByName.updateValue(layer, forKey: layer.name) == nil else {
                throw NeuralKernelsError.graph("two layers are named '\(layer.name)'")
            }
        }
        guard !graph.inputs.isEmpty, !graph.outputs.isEmpty else {
            throw NeuralKernelsError.graph("Functional model '\(graph.name)' lists no inputs or no outputs")
        }
        if let inputShapes, inputShapes.count != graph.inputs.count {
            throw NeuralKernelsError.graph(
                "nested model '\(graph.name)' takes \(graph.inputs.count) inputs, got \(inputShapes.count)")
        }
        var produced: [GraphSpec.TensorRef: Int] = [:]
        for (index, reference) in graph.inputs.enumerated() {
            guard let layer = layersByName[reference.layer], layer.isInput else {
                throw NeuralKernelsError.graph("model input '\(reference.layer)' is not an input layer of '\(graph.name)'")
            }
            let declared = try GraphBuilder.declaredShape(of: layer)
            let shape = try inputShapes.map { try GraphBuilder.merge($0[index], declared: declared, name: graph.name) }
                ?? declared
            let value = newValue(shape)
            produced[GraphSpec.TensorRef(layer: layer.name)] = value
            inputValues.append(value)
            inputNames.append(layer.name)
        }
        // Every call of every non-input layer, run as soon as all its inputs exist.
        struct PendingCall { let layer: GraphSpec.Layer; let nodeIndex: Int; let inputs: [GraphSpec.TensorRef] }
        var pending: [PendingCall] = []
        for layer in graph.layers where !layer.isInput {
            for (nodeIndex, inputs) in layer.calls.enumerated() {
                pending.append(PendingCall(layer: layer, nodeIndex: nodeIndex, inputs: inputs))
            }
        }
        var firstCallShapes: [String: [[Int?]]] = [:]
        while !pending.isEmpty {
            guard let ready = pending.firstIndex(where: { $0.inputs.allSatisfy { produced[$0] != nil } }) else {
                let names = pending.prefix(3).map { $0.layer.name }.joined(separator: ", ")
                throw NeuralKernelsError.graph("layers \(names) wait for inputs that no layer produces (or form a cycle)")
            }
            let next = pending.remove(at: ready)
            guard !next.inputs.isEmpty else {
                throw NeuralKernelsError.graph("layer '\(next.layer.name)' is called without inputs")
            }
            let outputs = try call(next.layer, inputs: next.inputs.compactMap { produced[$0] })
            for (tensorIndex, value) in outputs.enumerated() {
                produced[GraphSpec.TensorRef(layer: next.layer.name, call: next.nodeIndex, output: tensorIndex)] = value
            }
            if firstCallShapes[next.layer.name] == nil { firstCallShapes[next.layer.name] = outputs.map { valueShapes[$0] } }
        }
        for layer in graph.layers {
            if layer.isInput {
                let shape = produced[GraphSpec.TensorRef(layer: layer.name)].map { valueShapes[$0] }
                summarise(layer, outputShapes: shape.map { [$0] } ?? [])
            } else {
                summarise(layer, outputShapes: firstCallShapes[layer.name] ?? [])
            }
        }
        for reference in graph.outputs {
            guard let value = produced[reference] else {
                throw NeuralKernelsError.graph("model output \(reference) is not produced by any layer call")
            }
            outputValues.append(value)
            outputNames.append(reference.call == 0 && reference.output == 0 ? reference.layer : reference.description)
        }
    }
}
