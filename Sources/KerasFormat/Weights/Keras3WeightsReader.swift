import Foundation
import HDF5Reader

/// Attaches weights stored in the Keras 3 layout (`.weights.h5`, `model.weights.h5` of a `.keras` archive):
/// `layers/<snake_case_class>[_N]/vars/<i>` in `model.layers` order, named by Python class (the N-th repeat of a
/// class gets suffix `_N`); recurrent layers keep their weights on `cell/vars`, Bidirectional under
/// `forward_layer/…` and `backward_layer/…`, TimeDistributed under `layer/…`, nested models under their own `layers/`.
enum Keras3WeightsReader {
    /// `container` is the group of the model itself (the file root for the top-level model).
    static func attach(to graph: inout KerasGraph, container: HDF5Group) throws {
        var used: [String: Int] = [:]
        for index in graph.layers.indices {
            let layer = graph.layers[index]
            // Sequential models do not list their InputLayer among `model.layers`.
            if graph.kind == .sequential, layer.className == "InputLayer" { continue }
            let snake = Keras3WeightsReader.snakeCase(KerasLayerNormaliser.pythonClassName(layer.originalClassName))
            let key: String
            if let count = used[snake] {
                used[snake] = count + 1
                key = "\(snake)_\(count + 1)"
            } else {
                used[snake] = 0
                key = snake
            }
            let path = "layers/" + key
            if var nested = layer.nestedGraph {
                guard container.contains(path) else {
                    if Keras3WeightsReader.holdsWeights(nested) {
                        throw KerasFormatError.missingLayerWeights(layer: layer.name, className: layer.className, group: container.childPath(path))
                    }
                    continue
                }
                try attach(to: &nested, container: try container.group(path))
                graph.layers[index].nestedGraph = nested
                continue
            }
            let weights = try variables(of: layer.className, config: layer.config, at: path, in: container)
            if let counts = KerasLayerCatalog.weightCounts(className: layer.className, config: layer.config),
               counts.trainable + counts.nonTrainable != weights.count {
                if weights.isEmpty {
                    throw KerasFormatError.missingLayerWeights(layer: layer.name, className: layer.className, group: container.childPath(path))
                }
                throw KerasFormatError.weightCountMismatch(
                    layer: layer.name, className: layer.className, expected: counts.trainable + counts.nonTrainable, found: weights.count)
            }
            graph.layers[index].weights = weights
        }
    }

    /// The variables of a layer of canonical class `className` stored under `path`.
    private static func variables(of className: String, config: JSONValue, at path: String, in container: HDF5Group) throws -> [KerasWeight] {
        switch className {
        case _ where KerasLayerCatalog.recurrentClasses.contains(className):
            return try readVars(at: path + "/cell/vars", in: container)
        case "Bidirectional":
            guard let inner = KerasLayerCatalog.wrappedLayer(config) else { return [] }
            var backward = inner
            if let layer = config["backward_layer"], let name = layer["class_name"]?.stringValue, let config = layer["config"] {
                backward = (name, config)
            }
            return try variables(of: inner.className, config: inner.config, at: path + "/forward_layer", in: container)
                + variables(of: backward.className, config: backward.config, at: path + "/backward_layer", in: container)
        case "TimeDistributed":
            guard let inner = KerasLayerCatalog.wrappedLayer(config) else { return [] }
            return try variables(of: inner.className, config: inner.config, at: path + "/layer", in: container)
        default:
            return try readVars(at: path + "/vars", in: container)
        }
    }

    /// Datasets `0`, `1`, … of a `vars` group, in numeric order; `[]` when the group is absent.
    private static func readVars(at path: String, in container: HDF5Group) throws -> [KerasWeight] {
        guard container.kind(of: path) == .group else { return [] }
        let group = try container.group(path)
        let indexed = try group.memberNames().compactMap { name in Int(name).map { ($0, name) } }.sorted { $0.0 < $1.0 }
        return try indexed.map { _, name in try KerasWeight(dataset: group.dataset(name), name: group.childPath(name)) }
    }

    private static func holdsWeights(_ graph: KerasGraph) -> Bool {
        graph.layers.contains { layer in
            if let nested = layer.nestedGraph { return holdsWeights(nested) }
            let counts = KerasLayerCatalog.weightCounts(className: layer.className, config: layer.config)
            return (counts?.trainable ?? 0) + (counts?.nonTrainable ?? 0) > 0
        }
    }

    /// Keras 3 `naming.to_snake_case`: `BatchNormalization` → `batch_normalization`, `Conv1D` → `conv1d`, `LSTM` → `lstm`.
    static func snakeCase(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars.filter { $0 == "_" || CharacterSet.alphanumerics.contains($0) })
        func isUpper(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
        func isLower(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) }
        // Pass 1: "(.)([A-Z][a-z]+)" → "\1_\2", matches taken left to right without overlap.
        var first: [Unicode.Scalar] = []
        var unconsumed = 0
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if index - 1 >= unconsumed, isUpper(scalar), index + 1 < scalars.count, isLower(scalars[index + 1]) {
                first.append("_")
                first.append(scalar)
                index += 1
                while index < scalars.count, isLower(scalars[index]) {
                    first.append(scalars[index])
                    index += 1
                }
                unconsumed = index
                continue
            }
            first.append(scalar)
            index += 1
        }
        // Pass 2: "([a-z])([A-Z])" → "\1_\2".
        var second: [Unicode.Scalar] = []
        for (position, scalar) in first.enumerated() {
            if position > 0, isLower(first[position - 1]), isUpper(scalar) { second.append("_") }
            second.append(scalar)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: second)
        return String(view).lowercased()
    }
}
