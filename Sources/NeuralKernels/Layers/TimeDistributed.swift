import KerasFormat

/// Keras `TimeDistributed`: applies the wrapped layer to every time step, `[batch, steps, …] → [batch, steps, …']`,
/// by folding the time axis into the batch axis. The wrapped layer keeps its own weights.
struct TimeDistributedLayer: UnaryOperation {
    let config: LayerConfig
    let inputShape: [Int?]
    let outputShape: [Int?]
    let inner: any Operation

    init(_ layer: KerasLayer, inputShape: [Int?], context: BuildContext) throws {
        let config = LayerConfig(layer)
        self.config = config
        guard inputShape.count >= 3 else {
            throw config.shape("input", expected: "rank 3 or more (batch, steps, …)", actual: inputShape)
        }
        guard let className = config.json["layer"]?["class_name"]?.stringValue,
              let innerConfig = config.json["layer"]?["config"] else {
            throw config.bad("layer", "must be a serialized layer")
        }
        let innerName = innerConfig["name"]?.stringValue ?? layer.name
        let wrapped = KerasLayer(name: innerName, className: className, config: innerConfig, weights: layer.weights)
        let inner = try LayerFactory.make(wrapped, inputShapes: [[nil] + inputShape.dropFirst(2)], context: context)
        guard inner.outputShapes.count == 1, let innerShape = inner.outputShapes.first, !innerShape.isEmpty else {
            throw config.unsupported("layer", "\(className) with \(inner.outputShapes.count) outputs")
        }
        self.inner = inner
        self.inputShape = inputShape
        self.outputShape = [nil, inputShape[1]] + innerShape.dropFirst()
    }

    func forward(_ input: Tensor) throws -> Tensor {
        try check(input, matches: inputShape, in: config)
        let (batch, steps) = (input.shape[0], input.shape[1])
        let folded = input.reshaped([batch * steps] + input.shape.dropFirst(2))
        let outputs = try inner.forward([folded])
        guard let output = outputs.first, outputs.count == 1, output.shape.first == batch * steps else {
            throw config.shape("wrapped layer output", expected: "\(batch * steps) rows", actual: outputs.first?.shape ?? [])
        }
        return output.reshaped([batch, steps] + output.shape.dropFirst())
    }
}
