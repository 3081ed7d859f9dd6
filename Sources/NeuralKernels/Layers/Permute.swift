/// Keras `Permute`: reorders the non-batch axes; `dims` is a 1-based permutation (e.g. `[2, 1]`).
struct PermuteLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    /// Full permutation including the batch axis: output axis `i` is input axis `order[i]`.
    let order: [Int]

    init(_ spec: PermuteSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        let dims = spec.dims
        guard dims.count == inputShape.count - 1 else {
            throw layer.bad("dims", "\(dims) is not a permutation of 1…\(inputShape.count - 1)")
        }
        self.order = [0] + dims
        self.inputShape = inputShape
        self.outputShape = order.map { inputShape[$0] }
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        return Tensor.permuted(input, order: order)
    }
}

extension Tensor {
    /// Transposes `tensor` so that output axis `i` is input axis `order[i]`.
    static func permuted(_ tensor: Tensor, order: [Int]) -> Tensor {
        let shape = order.map { tensor.shape[$0] }
        var inputStrides = [Int](repeating: 1, count: tensor.rank)
        for axis in stride(from: tensor.rank - 2, through: 0, by: -1) {
            inputStrides[axis] = inputStrides[axis + 1] * tensor.shape[axis + 1]
        }
        let strides = order.map { inputStrides[$0] }
        var output = [Float](repeating: 0, count: tensor.values.count)
        var coordinate = [Int](repeating: 0, count: shape.count)
        var source = 0
        tensor.values.withBase { x in
            output.withMutableBase { y in
                for index in 0..<tensor.values.count {
                    y[index] = x[source]
                    var axis = shape.count - 1
                    while axis >= 0 {
                        coordinate[axis] += 1
                        source += strides[axis]
                        if coordinate[axis] < shape[axis] { break }
                        source -= strides[axis] * shape[axis]
                        coordinate[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return Tensor(uncheckedShape: shape, values: output)
    }
}
