/// Turns one written layer entry (`class_name` + `config`) into its canonical class name and config.
struct KerasLayerNormaliser {
    let writer: KerasFileFlavour.Writer
    /// Set when some layer carried `time_major` (tf.keras RNN configs that Keras 3 rejects).
    private(set) var sawTimeMajor = false

    init(writer: KerasFileFlavour.Writer) {
        self.writer = writer
    }

    /// The canonical class for a written class name: `LegacyLSTM` → `LSTM`, `Convolution1D` → `Conv1D`, …;
    /// a registered-package prefix (`Custom>LegacyLSTM`) is dropped when the rest is a known class.
    static func canonicalClassName(_ written: String) -> String {
        if let renamed = KerasLayerCatalog.classRenames[written] { return renamed }
        if let separator = written.lastIndex(of: ">") {
            let bare = String(written[written.index(after: separator)...])
            let canonical = KerasLayerCatalog.classRenames[bare] ?? bare
            if KerasLayerCatalog.keptKeys[canonical] != nil || KerasLayerCatalog.modelClasses.contains(canonical) {
                return canonical
            }
        }
        return written
    }

    /// The Python class name Keras 3 derives weight paths from (`Custom>LegacyLSTM` → `LegacyLSTM`).
    static func pythonClassName(_ written: String) -> String {
        guard let separator = written.lastIndex(of: ">") else { return written }
        return String(written[written.index(after: separator)...])
    }

    /// The canonical config of a layer: legacy keys renamed, training-only keys dropped and any other unknown key
    /// an error (known classes only),
    /// wrapped layers normalised recursively. `path` locates the layer for error messages.
    mutating func normalise(className written: String, config: JSONValue, path: String) throws -> (className: String, config: JSONValue) {
        let className = KerasLayerNormaliser.canonicalClassName(written)
        guard var members = config.objectValue else {
            throw KerasFormatError.invalidConfig(path: path + ".config", reason: "expected an object for class \(written)")
        }
        if members["time_major"] != nil { sawTimeMajor = true }
        guard let kept = KerasLayerCatalog.keptKeys[className] else { return (className, config) }

        for (old, new) in KerasLayerCatalog.keyRenames[className] ?? [:] where members[new] == nil {
            if let value = members.removeValue(forKey: old) { members[new] = value }
        }
        if members["padding"] == nil, let borderMode = members.removeValue(forKey: "border_mode") {
            members["padding"] = borderMode
        }
        if members["data_format"] == nil, let ordering = members["dim_ordering"]?.stringValue {
            members["data_format"] = .string(ordering == "th" ? "channels_first" : "channels_last")
        }
        for key in KerasLayerCatalog.scalarToListKeys {
            if let value = members[key], value.doubleValue != nil { members[key] = .array([value]) }
        }
        if className == "MaxPooling1D" || className == "AveragePooling1D", members["strides"]?.isNull ?? true {
            members["strides"] = members["pool_size"]
        }
        applyClassConventions(written: written, className: className, members: &members)

        var canonical: [String: JSONValue] = [:]
        let name = members["name"]?.stringValue ?? path
        for (key, value) in members {
            if key == "name" || key == "batch_input_shape" || kept.contains(key) {
                canonical[key] = value
            } else if let neutral = KerasLayerCatalog.neutralValues[key] {
                guard neutral.contains(value) else {
                    throw KerasFormatError.unsupportedOption(layer: name, className: className, key: key, value: value.serialized())
                }
            } else if !KerasLayerCatalog.isTrainingOnly(key) {
                throw KerasFormatError.unknownConfigKey(layer: name, className: className, key: key)
            }
        }
        if className == "Bidirectional" || className == "TimeDistributed", canonical["layer"] == nil {
            throw KerasFormatError.invalidLayerConfig(layer: name, className: className, key: "layer", reason: "is missing")
        }
        for key in ["layer", "backward_layer"] {
            guard let wrapped = canonical[key], !wrapped.isNull else { continue }
            canonical[key] = try normaliseWrapped(wrapped, key: key, owner: name, className: className)
        }
        return (className, .object(canonical))
    }

    /// Fixed behaviour of legacy classes made explicit in the canonical config.
    private func applyClassConventions(written: String, className: String, members: inout [String: JSONValue]) {
        let bare = KerasLayerNormaliser.pythonClassName(written)
        if bare == "CuDNNLSTM" || bare == "CuDNNGRU" {
            members["activation"] = .string("tanh")
            members["recurrent_activation"] = .string("sigmoid")
            members["use_bias"] = .bool(true)
            if className == "GRU" { members["reset_after"] = .bool(true) }
        }
        if writer == .keras1, KerasLayerCatalog.recurrentClasses.contains(className) {
            members["use_bias"] = .bool(true)
        }
        if className == "GRU", members["reset_after"] == nil {
            // Keras 1 and Keras 2 GRUs had no reset_after (False); tf.keras and Keras 3 default to True.
            members["reset_after"] = .bool(writer == .tfKeras || writer == .keras3)
        }
    }

    private mutating func normaliseWrapped(_ wrapped: JSONValue, key: String, owner: String, className: String) throws -> JSONValue {
        guard let written = wrapped["class_name"]?.stringValue, let config = wrapped["config"] else {
            throw KerasFormatError.invalidLayerConfig(
                layer: owner, className: className, key: key, reason: "must be {\"class_name\", \"config\"}")
        }
        let inner = try normalise(className: written, config: config, path: "\(owner).\(key)")
        return .object(["class_name": .string(inner.className), "config": inner.config])
    }
}
