import Foundation
import HDF5Reader

/// Reads Keras model files into the canonical `KerasModel`.
public enum KerasFile {
    /// Full-model .h5 (Keras 1, Keras 2, tf.keras 2, Keras 3 legacy h5) or Keras 3 .keras zip.
    public static func load(path: String) throws -> KerasModel {
        if try startsWithZipSignature(path: path) { return try loadArchive(path: path) }
        let file = try HDF5File(path: path)
        let root = try file.root
        guard let configText = try root.attributes.string("model_config") else {
            let hint = root.attributes.contains("layer_names") || root.contains("layers")
                ? "it is a weights-only file; load it with its model config (load(weightsPath:configPath:))"
                : "the root group has no 'model_config' attribute"
            throw KerasFormatError.missingModelConfig(source: path, hint: hint)
        }
        let config = try parseJSON(configText, what: "\(path): model_config")
        guard root.contains("model_weights") else {
            throw KerasFormatError.missingModelConfig(source: path, hint: "the file has a model config but no 'model_weights' group")
        }
        let weightsRoot = try root.group("model_weights")
        let rootVersion = try root.attributes.string("keras_version")
        let weightsVersion = try weightsRoot.attributes.string("keras_version")
        let backend = try weightsRoot.attributes.string("backend") ?? root.attributes.string("backend")
        // Keras 1 wrote keras_version only at the root: its absence on /model_weights marks a Keras 1 file.
        let writer = weightsVersion == nil
            ? .keras1
            : writer(version: weightsVersion, backend: backend, config: config, weightsRoot: weightsRoot)
        return try assemble(
            config: config, writer: writer, container: .fullModelH5, version: weightsVersion ?? rootVersion, backend: backend
        ) { graph, frozen in
            var reader = LegacyH5WeightsReader(root: weightsRoot, frozenLayers: frozen, backend: backend)
            try reader.attach(to: &graph)
            return reader.conversion.convertedAny
        }
    }

    /// Weights-only file (tf.keras `save_weights` .h5, or Keras 3 `.weights.h5`) plus the model JSON
    /// (`model.to_json()` text, or a Keras 3 `config.json`).
    public static func load(weightsPath: String, configPath: String) throws -> KerasModel {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: configPath)) } catch {
            throw KerasFormatError.invalidConfig(path: configPath, reason: "the file is missing or unreadable")
        }
        let config: JSONValue
        do { config = try JSONValue(parsing: data) } catch let error as JSONValueError {
            throw KerasFormatError.invalidConfig(path: configPath, reason: error.description)
        }
        return try load(weightsPath: weightsPath, config: config)
    }

    /// Weights-only file plus the already parsed model JSON.
    public static func load(weightsPath: String, config: JSONValue) throws -> KerasModel {
        let file = try HDF5File(path: weightsPath)
        let root = try file.root
        if root.attributes.contains("layer_names") {
            let version = try root.attributes.string("keras_version") ?? config["keras_version"]?.stringValue
            let backend = try root.attributes.string("backend") ?? config["backend"]?.stringValue
            let writer = version == nil ? .keras1 : writer(version: version, backend: backend, config: config, weightsRoot: root)
            return try assemble(config: config, writer: writer, container: .weightsH5, version: version, backend: backend) { graph, frozen in
                var reader = LegacyH5WeightsReader(root: root, frozenLayers: frozen, backend: backend)
                try reader.attach(to: &graph)
                return reader.conversion.convertedAny
            }
        }
        guard root.contains("layers") || root.contains("vars") else {
            throw KerasFormatError.missingModelConfig(
                source: weightsPath, hint: "it is neither a tf.keras weights file (no 'layer_names') nor a Keras 3 .weights.h5 (no 'layers' group)")
        }
        // tf_keras also writes this layout (`save_weights("x.weights.h5")`); the node-index convention follows the
        // config's own writer, not the container.
        let version = config["keras_version"]?.stringValue
        let writer: KerasFileFlavour.Writer = version.map { $0.hasPrefix("2.") } == true ? .tfKeras : .keras3
        return try assemble(config: config, writer: writer, container: .keras3WeightsH5, version: version, backend: nil) { graph, _ in
            try Keras3WeightsReader.attach(to: &graph, container: root)
            return false
        }
    }

    // MARK: - .keras archives

    private static func loadArchive(path: String) throws -> KerasModel {
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw HDF5Error.cannotOpen(path: path, reason: "cannot read the file")
        }
        let archive = try KerasArchive(bytes: bytes, source: path)
        let config = try parseJSON(archive.data(of: "config.json"), what: "\(path): config.json")
        var version: String?
        if archive.contains("metadata.json") {
            version = try parseJSON(archive.data(of: "metadata.json"), what: "\(path): metadata.json")["keras_version"]?.stringValue
        }
        let weights = try HDF5File(bytes: archive.data(of: "model.weights.h5"), name: "\(path):model.weights.h5")
        let root = try weights.root
        return try assemble(config: config, writer: .keras3, container: .kerasZip, version: version, backend: nil) { graph, _ in
            try Keras3WeightsReader.attach(to: &graph, container: root)
            return false
        }
    }

    private static func startsWithZipSignature(path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return [UInt8](head) == KerasArchive.signature
    }

    // MARK: - Shared steps

    /// Reads the config into a graph, lets `attachWeights` fill in the weights (it returns whether any were
    /// converted from a legacy layout), and wraps everything in a `KerasModel`.
    private static func assemble(
        config: JSONValue, writer: KerasFileFlavour.Writer, container: KerasFileFlavour.Container,
        version: String?, backend: String?,
        attachWeights: (inout KerasGraph, Set<String>) throws -> Bool
    ) throws -> KerasModel {
        var reader = KerasConfigReader(writer: writer)
        var graph = try reader.readModel(config)
        let converted = try attachWeights(&graph, reader.frozenLayers)
        let flavour = KerasFileFlavour(
            writer: writer, container: container, hadLegacyRNNConfig: reader.sawTimeMajor, convertedWeights: converted)
        return KerasModel(graph: graph, kerasVersion: version, backend: backend, flavour: flavour)
    }

    /// The writer of a Keras 2-era or later file from its `keras_version` (and, for 2.x, signs of tf.keras).
    static func writer(version: String?, backend: String?, config: JSONValue, weightsRoot: HDF5Group) -> KerasFileFlavour.Writer {
        guard let version else { return .keras1 }
        if version.hasPrefix("1.") { return .keras1 }
        if version.hasPrefix("3.") { return .keras3 }
        if version.hasSuffix("-tf") { return .tfKeras }
        let parts = version.split(separator: ".").compactMap { Int($0.prefix { $0.isNumber }) }
        if parts.count >= 2, parts[0] == 2, parts[1] >= 4 { return .tfKeras }
        if backend == "tensorflow", looksLikeTFKeras(config: config, weightsRoot: weightsRoot) { return .tfKeras }
        return .keras2
    }

    /// tf.keras marks: a `Functional` model class, or recurrent weights under a `…_cell/` group (`lstm/lstm_cell/kernel:0`).
    private static func looksLikeTFKeras(config: JSONValue, weightsRoot: HDF5Group) -> Bool {
        if config["class_name"]?.stringValue == "Functional" { return true }
        guard let layers = try? weightsRoot.attributes.chunkedStrings("layer_names") else { return false }
        for layer in layers {
            guard let group = try? weightsRoot.group(layer),
                  let names = try? group.attributes.chunkedStrings("weight_names") else { continue }
            if names.contains(where: { $0.contains("_cell/") }) { return true }
        }
        return false
    }

    private static func parseJSON(_ text: String, what: String) throws -> JSONValue {
        do { return try JSONValue(parsing: text) } catch let error as JSONValueError {
            throw KerasFormatError.invalidConfig(path: what, reason: error.description)
        }
    }

    private static func parseJSON(_ data: Data, what: String) throws -> JSONValue {
        do { return try JSONValue(parsing: data) } catch let error as JSONValueError {
            throw KerasFormatError.invalidConfig(path: what, reason: error.description)
        }
    }
}
