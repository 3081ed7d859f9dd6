/// Reads a `model_config` / `config.json` document into a canonical `KerasGraph` (weights not yet attached).
struct KerasConfigReader {
    private var normaliser: KerasLayerNormaliser
    /// Paths (`outer/inner`) of layers whose config said `trainable: false`, or that sit in a frozen model.
    private(set) var frozenLayers: Set<String> = []

    init(writer: KerasFileFlavour.Writer) {
        normaliser = KerasLayerNormaliser(writer: writer)
    }

    var sawTimeMajor: Bool { normaliser.sawTimeMajor }

    /// Reads the top-level `{"class_name", "config"}` of a model.
    mutating func readModel(_ document: JSONValue) throws -> KerasGraph {
        guard let className = document["class_name"]?.stringValue else {
            throw KerasFormatError.invalidConfig(path: "model", reason: "missing class_name")
        }
        let canonical = KerasLayerNormaliser.canonicalClassName(className)
        guard KerasLayerCatalog.modelClasses.contains(canonical) else {
            throw KerasFormatError.unsupportedModelClass(className)
        }
        guard let config = document["config"] else {
            throw KerasFormatError.invalidConfig(path: "model", reason: "missing config")
        }
        return try readGraph(className: canonical, config: config, path: "model", scope: "", frozen: false)
    }

    // MARK: - Graphs

    private mutating func readGraph(
        className: String, config: JSONValue, path: String, scope: String, frozen: Bool
    ) throws -> KerasGraph {
        if className == "Sequential" {
            return try readSequential(config: config, path: path, scope: scope, frozen: frozen)
        }
        return try readFunctional(config: config, path: path, scope: scope, frozen: frozen)
    }

    private mutating func readSequential(config: JSONValue, path: String, scope: String, frozen: Bool) throws -> KerasGraph {
        // Keras 1 and Keras ≤ 2.2.2 store a bare list of layers; later writers {"name", "layers"}.
        let entries: [JSONValue]
        if let list = config.arrayValue {
            entries = list
        } else if let list = config["layers"]?.arrayValue {
            entries = list
        } else {
            throw KerasFormatError.invalidConfig(path: path + ".config", reason: "a Sequential config needs a layers list")
        }
        let name = config["name"]?.stringValue ?? "sequential"
        var layers: [KerasLayer] = []
        for (index, entry) in entries.enumerated() {
            layers.append(try readLayer(entry, path: "\(path).layers[\(index)]", scope: scope, frozen: frozen, functional: false))
        }
        var inputShape = layers.first.flatMap { KerasConfigReader.shape($0.config["batch_input_shape"]) }
        if inputShape == nil, let built = config["build_input_shape"] {
            inputShape = KerasConfigReader.shape(built)
        }
        return KerasGraph(kind: .sequential, name: name, layers: layers, sequentialInputShape: inputShape)
    }

    private mutating func readFunctional(config: JSONValue, path: String, scope: String, frozen: Bool) throws -> KerasGraph {
        guard let entries = config["layers"]?.arrayValue else {
            throw KerasFormatError.invalidConfig(path: path + ".config", reason: "a Functional config needs a layers list")
        }
        let name = config["name"]?.stringValue ?? "model"
        var layers: [KerasLayer] = []
        for (index, entry) in entries.enumerated() {
            layers.append(try readLayer(entry, path: "\(path).layers[\(index)]", scope: scope, frozen: frozen, functional: true))
        }
        var inputs = try KerasConfigReader.nodeList(config["input_layers"], path: path + ".config.input_layers")
        var outputs = try KerasConfigReader.nodeList(config["output_layers"], path: path + ".config.output_layers")
        renumberNestedModelNodes(layers: &layers, inputs: &inputs, outputs: &outputs)
        return KerasGraph(kind: .functional, name: name, layers: layers, inputs: inputs, outputs: outputs)
    }

    /// Keras 1/2 and tf.keras leave out the first node of a nested model (the one linking its own inputs to its
    /// outputs) and number its calls from 1. Canonical node indices count the calls listed in `inboundNodes`
    /// from 0, so references to such a model are shifted down by one. Every saved call feeds something, so a
    /// model whose calls are numbered from 1 is exactly one referenced at index `inboundNodes.count`.
    private func renumberNestedModelNodes(layers: inout [KerasLayer], inputs: inout [KerasNodeRef], outputs: inout [KerasNodeRef]) {
        guard normaliser.writer != .keras3 else { return }
        let allRefs = layers.flatMap { $0.inboundNodes.flatMap { $0 } } + outputs
        var highestRef: [String: Int] = [:]
        for ref in allRefs { highestRef[ref.layer] = max(highestRef[ref.layer] ?? 0, ref.nodeIndex) }
        let shifted = Set(layers.filter { layer in
            layer.nestedGraph != nil && !layer.inboundNodes.isEmpty && highestRef[layer.name] == layer.inboundNodes.count
        }.map(\.name))
        guard !shifted.isEmpty else { return }
        func shift(_ ref: KerasNodeRef) -> KerasNodeRef {
            guard shifted.contains(ref.layer), ref.nodeIndex > 0 else { return ref }
            return KerasNodeRef(layer: ref.layer, nodeIndex: ref.nodeIndex - 1, tensorIndex: ref.tensorIndex)
        }
        for index in layers.indices {
            layers[index].inboundNodes = layers[index].inboundNodes.map { $0.map(shift) }
        }
        inputs = inputs.map(shift)
        outputs = outputs.map(shift)
    }

    // MARK: - Layers

    private mutating func readLayer(
        _ entry: JSONValue, path: String, scope: String, frozen: Bool, functional: Bool
    ) throws -> KerasLayer {
        guard let written = entry["class_name"]?.stringValue else {
            throw KerasFormatError.invalidConfig(path: path, reason: "missing class_name")
        }
        guard let config = entry["config"] else {
            throw KerasFormatError.invalidConfig(path: path, reason: "missing config for class \(written)")
        }
        guard let name = config["name"]?.stringValue ?? entry["name"]?.stringValue else {
            throw KerasFormatError.invalidConfig(path: path, reason: "layer of class \(written) has no name")
        }
        let qualified = scope.isEmpty ? name : scope + "/" + name
        let isFrozen = frozen || config["trainable"]?.boolValue == false
        if isFrozen { frozenLayers.insert(qualified) }

        let inboundNodes = functional ? try KerasConfigReader.inboundNodes(entry["inbound_nodes"], path: path + ".inbound_nodes") : []
        let canonicalClass = KerasLayerNormaliser.canonicalClassName(written)
        if KerasLayerCatalog.modelClasses.contains(canonicalClass) {
            let graph = try readGraph(className: canonicalClass, config: config, path: path, scope: qualified, frozen: isFrozen)
            return KerasLayer(
                name: name, className: graph.kind.rawValue, originalClassName: written, config: .object(["name": .string(name)]),
                inboundNodes: inboundNodes, nestedGraph: graph)
        }
        let layer = try normaliser.normalise(className: written, config: config, path: path)
        return KerasLayer(name: name, className: layer.className, originalClassName: written, config: layer.config, inboundNodes: inboundNodes)
    }

    // MARK: - Node references

    /// `inbound_nodes`: Keras 1/2/tf.keras `[[[name, node, tensor(, kwargs)], …], …]` (a lone reference may stand
    /// for the list of one), or Keras 3
    /// `[{"args": [...], "kwargs": {...}}, …]` with `__keras_tensor__` entries nested anywhere in `args`.
    static func inboundNodes(_ value: JSONValue?, path: String) throws -> [[KerasNodeRef]] {
        guard let value, !value.isNull else { return [] }
        guard let nodes = value.arrayValue else { throw KerasFormatError.invalidConfig(path: path, reason: "expected a list") }
        return try nodes.enumerated().map { index, node in
            let nodePath = "\(path)[\(index)]"
            if node.objectValue != nil {
                var refs: [KerasNodeRef] = []
                try collectKerasTensors(node["args"] ?? .array([]), into: &refs, path: nodePath + ".args")
                guard let kwargs = node["kwargs"]?.objectValue else { return refs }
                if refs.isEmpty {
                    for key in kwargs.keys.sorted() {
                        try collectKerasTensors(kwargs[key] ?? .null, into: &refs, path: "\(nodePath).kwargs.\(key)")
                    }
                    return refs
                }
                // Recurrent layers take their initial states as extra inputs after the sequence.
                try collectKerasTensors(kwargs["initial_state"] ?? .null, into: &refs, path: nodePath + ".kwargs.initial_state")
                for key in kwargs.keys.sorted() where key != "initial_state" {
                    var dropped: [KerasNodeRef] = []
                    try collectKerasTensors(kwargs[key] ?? .null, into: &dropped, path: "\(nodePath).kwargs.\(key)")
                    guard dropped.isEmpty else {
                        throw KerasFormatError.invalidConfig(
                            path: "\(nodePath).kwargs.\(key)", reason: "a tensor passed as keyword argument '\(key)' is not supported")
                    }
                }
                return refs
            }
            guard let refs = node.arrayValue else { throw KerasFormatError.invalidConfig(path: nodePath, reason: "expected a list") }
            // tf.keras writes a call with one tensor argument (TFOpLambda) as a bare [name, node, tensor, kwargs].
            if refs.first?.stringValue != nil { return [try nodeRef(node, path: nodePath)] }
            return try refs.enumerated().map { try nodeRef($1, path: "\(nodePath)[\($0)]") }
        }
    }

    private static func collectKerasTensors(_ value: JSONValue, into refs: inout [KerasNodeRef], path: String) throws {
        switch value {
        case .array(let items):
            for (index, item) in items.enumerated() { try collectKerasTensors(item, into: &refs, path: "\(path)[\(index)]") }
        case .object:
            if value["class_name"]?.stringValue == "__keras_tensor__" {
                guard let history = value["config"]?["keras_history"] else {
                    throw KerasFormatError.invalidConfig(path: path, reason: "__keras_tensor__ without keras_history")
                }
                refs.append(try nodeRef(history, path: path + ".config.keras_history"))
            }
        default:
            break
        }
    }

    /// `[layer_name, node_index, tensor_index, …]`.
    static func nodeRef(_ value: JSONValue, path: String) throws -> KerasNodeRef {
        guard let layer = value[0]?.stringValue, let node = value[1]?.intValue, let tensor = value[2]?.intValue,
              node >= 0, tensor >= 0
        else { throw KerasFormatError.invalidConfig(path: path, reason: "expected [layer_name, node_index, tensor_index]") }
        return KerasNodeRef(layer: layer, nodeIndex: node, tensorIndex: tensor)
    }

    /// `input_layers` / `output_layers`: a list of `[name, node, tensor]`, or (Keras 3) a single one.
    static func nodeList(_ value: JSONValue?, path: String) throws -> [KerasNodeRef] {
        guard let value, let items = value.arrayValue else {
            throw KerasFormatError.invalidConfig(path: path, reason: "expected a list of [layer_name, node_index, tensor_index]")
        }
        if items.first?.stringValue != nil { return [try nodeRef(value, path: path)] }
        return try items.enumerated().map { try nodeRef($1, path: "\(path)[\($0)]") }
    }

    /// A JSON shape list (`[null, 360, 1]`) with nil for unknown dimensions.
    static func shape(_ value: JSONValue?) -> [Int?]? {
        guard let items = value?.arrayValue else { return nil }
        var dims: [Int?] = []
        for item in items {
            if item.isNull { dims.append(nil) } else if let dim = item.intValue, dim >= 0 { dims.append(dim) } else { return nil }
        }
        return dims
    }
}
