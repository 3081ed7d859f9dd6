/// Applies the wrapped layer (`TimeDistributedSpec`) to every time step, `[batch, steps, …] → [batch, steps, …']`,
/// by folding the time axis into the batch axis. The wrapped layer keeps its own weights.
struct TimeDistributedLayer: UnaryOperation {
    let layer: LayerIdentity
    let inputShape: [Int?]
    let outputShape: [Int?]
    let inner: any Operation

    init(_ spec: TimeDistributedSpec, layer: LayerIdentity, inputShape: [Int?]) throws {
        self.layer = layer
        guard inputShape.count >= 3 else {
            throw layer.shape("input", expected: "rank 3 or more (batch, steps, …)", actual: inputShape)
        }
        let innerIdentity = LayerIdentity(name: spec.innerName, className: spec.innerClassName)
        let inner = try LayerFactory.make(spec.layer, layer: innerIdentity, inputShapes: [[nil] + inputShape.dropFirst(2)])
        guard inner.outputShapes.count == 1, let innerShape = inner.outputShapes.first, !innerShape.isEmpty else {
            throw layer.unsupported("layer", "\(spec.innerClassName) with \(inner.outputShapes.count) outputs")
        }
        self.inner = inner
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1]] + innerShape.dropFirst()
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: layer)
        let (batch, steps) = (input.shape[0], input.shape[1])
        let folded = input.reshaped([batch * steps] + input.shape.dropFirst(2))
        let outputs = try inner.forward([folded])
        guard let output = outputs.first, outputs.count == 1, output.shape.first == batch * steps else {
            throw layer.shape("wrapped layer output", expected: "\(batch * steps) rows", actual: outputs.first?.shape ?? [])
        }
        return output.reshaped([batch, steps] + output.shape.dropFirst())
    }
}
