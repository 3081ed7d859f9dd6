import HDF5Reader

/// Attaches weights stored in the Keras 1/2, tf.keras and Keras 3 legacy HDF5 layout: a group with a
/// `layer_names` attribute, one sub-group per layer with a `weight_names` attribute listing dataset paths in
/// order (trainable weights first, then non-trainable).
struct LegacyH5WeightsReader {
    let root: HDF5Group
    let frozenLayers: Set<String>
    var conversion: LegacyWeightConversion

    init(root: HDF5Group, frozenLayers: Set<String>, backend: String?) {
        self.root = root
        self.frozenLayers = frozenLayers
        conversion = LegacyWeightConversion(backend: backend)
    }

    mutating func attach(to graph: inout KerasGraph) throws {
        let storedLayers = Set(try root.attributes.chunkedStrings("layer_names") ?? [])
        for index in graph.layers.indices {
            let layer = graph.layers[index]
            let stored = storedLayers.contains(layer.name) ? try readStoredWeights(of: layer) : []
            if var nested = layer.nestedGraph {
                try distribute(stored, over: &nested, owner: layer, scope: layer.name)
                graph.layers[index].nestedGraph = nested
            } else {
                graph.layers[index].weights = try canonicalWeights(stored, for: layer)
            }
        }
    }

    /// The arrays of one layer group in `weight_names` order.
    private func readStoredWeights(of layer: KerasLayer) throws -> [KerasWeight] {
        let group: HDF5Group
        do { group = try root.group(layer.name) } catch let error as HDF5Error {
            if case .missingObject = error {
                throw KerasFormatError.missingLayerWeights(layer: layer.name, className: layer.className, group: root.childPath(layer.name))
            }
            throw error
        }
        let names = try group.attributes.chunkedStrings("weight_names") ?? []
        return try names.map { name in
            guard group.contains(name) else {
                throw KerasFormatError.missingLayerWeights(layer: layer.name, className: layer.className, group: group.childPath(name))
            }
            return try KerasWeight(dataset: group.dataset(name), name: name)
        }
    }

    /// Converts a layer's stored arrays and checks their number against its class.
    private mutating func canonicalWeights(_ stored: [KerasWeight], for layer: KerasLayer) throws -> [KerasWeight] {
        let weights = try conversion.convert(stored, layer: layer.name, className: layer.className, config: layer.config)
        if let counts = KerasLayerCatalog.weightCounts(className: layer.className, config: layer.config),
           counts.trainable + counts.nonTrainable != weights.count {
            if stored.isEmpty {
                throw KerasFormatError.missingLayerWeights(layer: layer.name, className: layer.className, group: root.childPath(layer.name))
            }
            throw KerasFormatError.weightCountMismatch(
                layer: layer.name, className: layer.className, expected: counts.trainable + counts.nonTrainable, found: stored.count)
        }
        return weights
    }

    /// A nested model stores all its layers' weights in one group: every layer's trainable weights in layer order,
    /// then every layer's non-trainable weights (a frozen layer's weights all count as non-trainable).
    private mutating func distribute(_ stored: [KerasWeight], over graph: inout KerasGraph, owner: KerasLayer, scope: String) throws {
        var leaves: [(path: [Int], trainable: Int, nonTrainable: Int)] = []
        var unknown: [String] = []
        collectLeaves(of: graph, path: [], scope: scope, into: &leaves, unknown: &unknown)
        let trainableTotal = leaves.reduce(0) { $0 + $1.trainable }
        let expected = leaves.reduce(0) { $0 + $1.trainable + $1.nonTrainable }
        guard expected == stored.count else {
            if let first = unknown.first {
                throw KerasFormatError.invalidWeightShape(
                    layer: owner.name, className: owner.className, weight: first, shape: [stored.count],
                    reason: "cannot be split: the nested layer's class is unknown, so its weight count is unknown")
            }
            throw KerasFormatError.weightCountMismatch(layer: owner.name, className: owner.className, expected: expected, found: stored.count)
        }
        var trainableCursor = 0
        var nonTrainableCursor = trainableTotal
        for leaf in leaves {
            let own = Array(stored[trainableCursor..<trainableCursor + leaf.trainable])
                + Array(stored[nonTrainableCursor..<nonTrainableCursor + leaf.nonTrainable])
            trainableCursor += leaf.trainable
            nonTrainableCursor += leaf.nonTrainable
            let layer = KerasGraph.layer(at: leaf.path, in: graph)
            let weights = try canonicalWeights(own, for: layer)
            KerasGraph.setWeights(weights, at: leaf.path, in: &graph)
        }
    }

    private func collectLeaves(
        of graph: KerasGraph, path: [Int], scope: String,
        into leaves: inout [(path: [Int], trainable: Int, nonTrainable: Int)], unknown: inout [String]
    ) {
        for (index, layer) in graph.layers.enumerated() {
            let qualified = scope + "/" + layer.name
            if let nested = layer.nestedGraph {
                collectLeaves(of: nested, path: path + [index], scope: qualified, into: &leaves, unknown: &unknown)
                continue
            }
            guard let counts = KerasLayerCatalog.weightCounts(className: layer.className, config: layer.config) else {
                unknown.append(qualified)
                continue
            }
            if frozenLayers.contains(qualified) {
                leaves.append((path + [index], 0, counts.trainable + counts.nonTrainable))
            } else {
                leaves.append((path + [index], counts.trainable, counts.nonTrainable))
            }
        }
    }
}

extension KerasGraph {
    /// The layer at an index path through nested graphs.
    static func layer(at path: [Int], in graph: KerasGraph) -> KerasLayer {
        let layer = graph.layers[path[0]]
        guard path.count > 1, let nested = layer.nestedGraph else { return layer }
        return KerasGraph.layer(at: Array(path.dropFirst()), in: nested)
    }

    static func setWeights(_ weights: [KerasWeight], at path: [Int], in graph: inout KerasGraph) {
        guard path.count > 1 else {
            graph.layers[path[0]].weights = weights
            return
        }
        guard var nested = graph.layers[path[0]].nestedGraph else { return }
        setWeights(weights, at: Array(path.dropFirst()), in: &nested)
        graph.layers[path[0]].nestedGraph = nested
    }
}
