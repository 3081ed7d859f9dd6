/// Keras `Reshape`: `[batch, …] → [batch, target_shape…]`; one target dimension may be -1 (inferred).
struct ReshapeLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let target: [Int]

    init(_ spec: ReshapeSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        let target = spec.targetShape
        self.target = target
        self.inputShape = inputShape
        let inner = inputShape.dropFirst()
        _ = try Tensor.checkedElementCount(inner.compactMap { $0 }, context: "layer '\(layer.name)' input")
        _ = try Tensor.checkedElementCount(target.filter { $0 != -1 }, context: "layer '\(layer.name)' target_shape")
        if let unknown = target.firstIndex(of: -1) {
            var resolved: [Int?] = target
            if inner.contains(where: { $0 == nil }) {
                resolved[unknown] = nil
            } else {
                let total = inner.reduce(1) { $0 * ($1 ?? 1) }  // bounded by the check above
                let known = target.filter { $0 != -1 }.reduce(1, *)
                guard total % known == 0 else {
                    throw layer.shape("input", expected: "a size divisible by \(known)", actual: inputShape)
                }
                resolved[unknown] = total / known
            }
            self.outputShape = [nil] + resolved
        } else {
            if !inner.contains(where: { $0 == nil }), inner.reduce(1, { $0 * ($1 ?? 1) }) != target.reduce(1, *) {
                throw layer.shape("input", expected: "\(target.reduce(1, *)) values per sample", actual: inputShape)
            }
            self.outputShape = [nil] + target
        }
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let perSample = input.shape.dropFirst().reduce(1, *)
        var shape = target
        let known = target.filter { $0 != -1 }.reduce(1, *)
        if let unknown = target.firstIndex(of: -1) {
            guard perSample % known == 0 else {
                throw layer.shape("input", expected: "a size divisible by \(known)", actual: input.shape)
            }
            shape[unknown] = perSample / known
        } else if known != perSample {
            throw layer.shape("input", expected: "\(known) values per sample", actual: input.shape)
        }
        return input.reshaped([input.batch] + shape)
    }
}
