import NeuralKernels

/// Keras `TimeDistributed`: `layer`, the wrapped layer (which keeps its own weights).
enum TimeDistributedImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        guard let className = config.json["layer"]?["class_name"]?.stringValue,
              let innerConfig = config.json["layer"]?["config"] else {
            throw config.bad("layer", "must be a serialized layer")
        }
        let innerName = innerConfig["name"]?.stringValue ?? config.name
        let inner = KerasLayerConfig(
            name: innerName, className: className, json: innerConfig, weights: config.weights, context: config.context)
        return .timeDistributed(TimeDistributedSpec(
            layer: try KerasLayerImporter.spec(inner), name: innerName, className: className))
    }
}
