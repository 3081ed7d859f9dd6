/// Keras `Concatenate` along `axis` (negative counts from the end; batch axis not allowed). All other axes must match.
struct ConcatenateLayer: Operation {
    let layer: LayerIdentity
    let axis: Int
    let inputShapes: [[Int?]]
    let outputShapes: [[Int?]]

    init(_ spec: ConcatenateSpec, layer: LayerIdentity, inputShapes: [[Int?]]) throws {
        self.layer = layer
        guard let rank = inputShapes.first?.count, !inputShapes.isEmpty,
              inputShapes.allSatisfy({ $0.count == rank }) else {
            throw layer.bad("inputs", "needs inputs of one rank")
        }
        let axis = try layer.axis(spec.axis, rank: rank)
        var output = inputShapes[0]
        for shape in inputShapes.dropFirst() {
            for dimension in 1..<rank where dimension != axis {
                if let a = output[dimension], let b = shape[dimension], a != b {
                    throw layer.shape("inputs", expected: describe(inputShapes[0]) + " outside axis \(axis)", actual: shape)
                }
                output[dimension] = output[dimension] ?? shape[dimension]
            }
            output[axis] = output[axis].flatMap { a in shape[axis].map { a + $0 } }
        }
        self.axis = axis
        self.inputShapes = inputShapes
        self.outputShapes = [output]
    }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == inputShapes.count else {
            throw NeuralKernelsError.graph("layer '\(layer.name)' expected \(inputShapes.count) inputs, got \(inputs.count)")
        }
        for (tensor, shape) in zip(inputs, inputShapes) { try check(tensor, matches: shape, in: layer) }
        var shape = inputs[0].shape
        for tensor in inputs.dropFirst() {
            for dimension in 0..<shape.count where dimension != axis && tensor.shape[dimension] != shape[dimension] {
                throw layer.shape("inputs", expected: "\(inputs[0].shape) outside axis \(axis)", actual: tensor.shape)
            }
        }
        shape[axis] = inputs.reduce(0) { $0 + $1.shape[axis] }
        let outer = shape[..<axis].reduce(1, *)
        let chunks = inputs.map { $0.shape[axis...].reduce(1, *) }
        var output = [Float]()
        output.reserveCapacity(shape.reduce(1, *))
        for block in 0..<outer {
            for (tensor, chunk) in zip(inputs, chunks) {
                output.append(contentsOf: tensor.values[(block * chunk)..<((block + 1) * chunk)])
            }
        }
        return [Tensor(uncheckedShape: shape, values: output)]
    }
}
