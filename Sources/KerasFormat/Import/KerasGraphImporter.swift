import NeuralKernels

/// Decodes a canonical `KerasGraph` (nested models included) into the engine's `GraphSpec`.
enum KerasGraphImporter {
    static func graph(_ graph: KerasGraph, context: KerasImportContext) throws -> GraphSpec {
        let layers = try graph.layers.map { layer in
            GraphSpec.Layer(
                name: layer.name, className: layer.className,
                spec: try layer.nestedGraph.map { .model(try Self.graph($0, context: context)) }
                    ?? KerasLayerImporter.spec(KerasLayerConfig(layer, context: context)),
                calls: layer.inboundNodes.map { $0.map(reference) })
        }
        return GraphSpec(
            kind: graph.kind == .sequential ? .sequential : .functional, name: graph.name, layers: layers,
            inputs: graph.inputs.map(reference), outputs: graph.outputs.map(reference),
            sequentialInputShape: graph.sequentialInputShape)
    }

    private static func reference(_ node: KerasNodeRef) -> GraphSpec.TensorRef {
        GraphSpec.TensorRef(layer: node.layer, call: node.nodeIndex, output: node.tensorIndex)
    }
}
