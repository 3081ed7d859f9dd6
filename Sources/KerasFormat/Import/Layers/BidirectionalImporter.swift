import NeuralKernels

/// Keras `Bidirectional` around an LSTM, GRU or SimpleRNN: `layer`, optional `backward_layer` (default: the same
/// layer with `go_backwards` flipped), `merge_mode` (concat by default; an explicit null gives two outputs).
/// Weights: the forward layer's then the backward layer's.
enum BidirectionalImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        // An explicit `null` merge mode means two separate outputs; an absent one is Keras's default, concat.
        let merge: BidirectionalSpec.Merge?
        if config.json["merge_mode"] == .null {
            merge = nil
        } else {
            let mode = try config.string("merge_mode", default: "concat")
            guard let known = BidirectionalSpec.Merge(rawValue: mode) else { throw config.unsupported("merge_mode", mode) }
            merge = known
        }
        guard config.weights.count % 2 == 0 else {
            throw config.bad("layer", "needs the forward and the backward weights (an even count), found \(config.weights.count) arrays")
        }
        let half = config.weights.count / 2
        let forward = try inner(config, key: "layer", weights: Array(config.weights[..<half]))
        var backward: KerasLayerConfig
        if config.has("backward_layer") {
            backward = try inner(config, key: "backward_layer", weights: Array(config.weights[half...]))
        } else {
            var json = forward.json.objectValue ?? [:]
            json["go_backwards"] = .bool(!(try forward.bool("go_backwards", default: false)))
            backward = forward.wrapped(className: forward.className, json: .object(json),
                                       weights: Array(config.weights[half...]))
        }
        for wrapped in [forward, backward] where !RecurrentImporter.classNames.contains(wrapped.className) {
            throw config.unsupported("layer", wrapped.className)
        }
        return .bidirectional(try BidirectionalSpec(
            forward: try RecurrentImporter.spec(forward), backward: try RecurrentImporter.spec(backward), merge: merge))
    }

    private static func inner(_ config: KerasLayerConfig, key: String, weights: [KerasWeight]) throws -> KerasLayerConfig {
        guard let className = config.json[key]?["class_name"]?.stringValue, let inner = config.json[key]?["config"] else {
            throw config.bad(key, "must be a serialized layer")
        }
        return config.wrapped(className: className, json: inner, weights: weights)
    }
}
