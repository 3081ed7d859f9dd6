/// Errors raised while reading a Keras model file. Each names the file part, layer, class or key concerned.
public enum KerasFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file holds no model config (e.g. a weights-only file passed where a full model was expected).
    case missingModelConfig(source: String, hint: String)
    /// The model config is not valid JSON or lacks a required part; `path` locates it (`layers[3].config`).
    case invalidConfig(path: String, reason: String)
    /// The top-level class is neither a Sequential nor a Functional model.
    case unsupportedModelClass(String)
    /// A layer's config lacks a key or holds a value of the wrong kind.
    case invalidLayerConfig(layer: String, className: String, key: String, reason: String)
    /// The layer class has no importer (the engine does not implement it).
    case unsupportedLayer(name: String, className: String)
    /// A layer's config holds a key this reader does not know (neither an inference option nor a training-only one).
    case unknownConfigKey(layer: String, className: String, key: String)
    /// A layer's config sets a training-only key to a value that would change inference (e.g. Keras 3 `lora_rank`).
    case unsupportedOption(layer: String, className: String, key: String, value: String)
    /// A weight array whose values do not fill its shape.
    case weightValueCount(weight: String, shape: [Int], count: Int)
    /// A weights group for a layer that has weights is missing from the file.
    case missingLayerWeights(layer: String, className: String, group: String)
    /// A layer has a different number of weight arrays than its class and config imply.
    case weightCountMismatch(layer: String, className: String, expected: Int, found: Int)
    /// A weight array has a shape its layer cannot use (e.g. a legacy layout that cannot be converted).
    case invalidWeightShape(layer: String, className: String, weight: String, shape: [Int], reason: String)
    /// The `.keras` archive is damaged or uses a feature this reader does not read.
    case invalidArchive(source: String, reason: String)
    /// A required file is absent from the `.keras` archive.
    case missingArchiveEntry(source: String, entry: String)

    public var description: String {
        switch self {
        case .missingModelConfig(let source, let hint):
            return "'\(source)' holds no Keras model config: \(hint)"
        case .invalidConfig(let path, let reason):
            return "invalid Keras model config at \(path): \(reason)"
        case .unsupportedModelClass(let className):
            return "unsupported Keras model class '\(className)' (expected Sequential, Functional or Model)"
        case .invalidLayerConfig(let layer, let className, let key, let reason):
            return "layer '\(layer)' (\(className)): config key '\(key)' \(reason)"
        case .unsupportedLayer(let name, let className):
            return "layer '\(name)': class \(className) is not supported"
        case .unknownConfigKey(let layer, let className, let key):
            return "layer '\(layer)' (\(className)): unknown config key '\(key)'; refusing to guess what it changes"
        case .unsupportedOption(let layer, let className, let key, let value):
            return "layer '\(layer)' (\(className)): option \(key)=\(value) is not supported"
        case .weightValueCount(let weight, let shape, let count):
            return "weight '\(weight)': shape \(shape) does not hold \(count) values"
        case .missingLayerWeights(let layer, let className, let group):
            return "layer '\(layer)' (\(className)): weights group '\(group)' is missing"
        case .weightCountMismatch(let layer, let className, let expected, let found):
            return "layer '\(layer)' (\(className)): expected \(expected) weight arrays, the file holds \(found)"
        case .invalidWeightShape(let layer, let className, let weight, let shape, let reason):
            return "layer '\(layer)' (\(className)): weight '\(weight)' with shape \(shape) \(reason)"
        case .invalidArchive(let source, let reason):
            return "'\(source)' is not a readable .keras archive: \(reason)"
        case .missingArchiveEntry(let source, let entry):
            return "'\(source)' lacks the archive entry '\(entry)'"
        }
    }
}
