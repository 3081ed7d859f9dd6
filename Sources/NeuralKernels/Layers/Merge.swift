/// Keras elementwise merges `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum` over two or more inputs.
/// Lower-rank inputs get size-1 axes inserted after the batch axis (as Keras does), then size-1 axes broadcast.
struct MergeLayer: Operation {
    let layer: LayerIdentity
    let kind: MergeSpec.Kind
    let inputShapes: [[Int?]]
    let outputShapes: [[Int?]]

    init(_ spec: MergeSpec, layer: LayerIdentity, inputShapes: [[Int?]]) throws {
        self.layer = layer
        let kind = spec.kind
        self.kind = kind
        guard kind == .subtract ? inputShapes.count == 2 : inputShapes.count >= 2 else {
            throw layer.bad("inputs", "\(kind.rawValue) needs \(kind == .subtract ? "exactly" : "at least") 2 inputs, got \(inputShapes.count)")
        }
        let rank = inputShapes.map(\.count).max() ?? 0
        var output = [Int?](repeating: 1, count: rank)
        output[0] = nil
        for shape in inputShapes.map({ MergeLayer.aligned($0, rank: rank) }) {
            for axis in 1..<rank {
                switch (output[axis], shape[axis]) {
                case (_, 1): break
                case (1, let size): output[axis] = size
                case (nil, _), (_, nil): output[axis] = nil
                case (let a?, let b?) where a != b:
                    throw layer.shape("inputs", expected: "broadcastable shapes", actual: inputShapes[0])
                default: break
                }
            }
        }
        self.inputShapes = inputShapes
        self.outputShapes = [output]
    }

    /// Inserts size-1 axes after the batch axis up to `rank`.
    static func aligned<T>(_ shape: [T], rank: Int, one: T) -> [T] {
        guard shape.count < rank, !shape.isEmpty else { return shape }
        return [shape[0]] + [T](repeating: one, count: rank - shape.count) + shape.dropFirst()
    }

    static func aligned(_ shape: [Int?], rank: Int) -> [Int?] { aligned(shape, rank: rank, one: 1) }

    func forward(_ inputs: [Tensor]) throws -> [Tensor] {
        guard inputs.count == inputShapes.count else {
            throw NeuralKernelsError.graph("layer '\(layer.name)' expected \(inputShapes.count) inputs, got \(inputs.count)")
        }
        for (tensor, shape) in zip(inputs, inputShapes) { try check(tensor, matches: shape, in: layer) }
        let rank = inputs.map(\.rank).max() ?? 0
        let shapes = inputs.map { MergeLayer.aligned($0.shape, rank: rank, one: 1) }
        var shape = [Int](repeating: 1, count: rank)
        for candidate in shapes {
            for axis in 0..<rank where candidate[axis] != 1 {
                guard shape[axis] == 1 || shape[axis] == candidate[axis] else {
                    throw layer.shape("inputs", expected: describe(shapes[0].map { $0 }), actual: candidate)
                }
                shape[axis] = candidate[axis]
            }
        }
        _ = try Tensor.checkedElementCount(shape, context: "layer '\(layer.name)' output")
        var output = MergeLayer.broadcastValues(inputs[0].reshaped(shapes[0]), to: shape)
        for index in 1..<inputs.count {
            let operand = MergeLayer.broadcastValues(inputs[index].reshaped(shapes[index]), to: shape)
            combine(&output, operand)
        }
        if kind == .average {
            let scale = 1 / Float(inputs.count)
            for index in output.indices { output[index] *= scale }
        }
        return [Tensor(uncheckedShape: shape, values: output)]
    }

    private func combine(_ accumulator: inout [Float], _ operand: [Float]) {
        accumulator.withMutableBase { a in
            operand.withBase { b in
                let count = operand.count
                switch kind {
                case .add, .average: for i in 0..<count { a[i] += b[i] }
                case .subtract: for i in 0..<count { a[i] -= b[i] }
                case .multiply: for i in 0..<count { a[i] *= b[i] }
                case .maximum: for i in 0..<count { a[i] = max(a[i], b[i]) }
                case .minimum: for i in 0..<count { a[i] = min(a[i], b[i]) }
                }
            }
        }
    }

    /// The values of `tensor` (same rank as `to`, size 1 where it broadcasts) expanded to shape `to`.
    static func broadcastValues(_ tensor: Tensor, to: [Int]) -> [Float] {
        let from = tensor.shape
        if from == to { return tensor.values }
        var strides = [Int](repeating: 0, count: from.count)
        var step = 1
        for axis in stride(from: from.count - 1, through: 0, by: -1) {
            strides[axis] = from[axis] == 1 ? 0 : step
            step *= from[axis]
        }
        let count = to.reduce(1, *)
        var output = [Float](repeating: 0, count: count)
        var coordinate = [Int](repeating: 0, count: to.count)
        var source = 0
        tensor.values.withBase { x in
            output.withMutableBase { y in
                for index in 0..<count {
                    y[index] = x[source]
                    var axis = to.count - 1
                    while axis >= 0 {
                        coordinate[axis] += 1
                        source += strides[axis]
                        if coordinate[axis] < to[axis] { break }
                        source -= strides[axis] * to[axis]
                        coordinate[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return output
    }
}
