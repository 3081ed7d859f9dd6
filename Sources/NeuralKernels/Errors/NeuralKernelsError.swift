/// Errors raised while building a `Model` from a Keras description or running it.
public enum NeuralKernelsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The layer class is not implemented.
    case unsupportedLayer(name: String, className: String)
    /// The layer uses an option (config key, value) that is not implemented.
    case unsupportedOption(layer: String, className: String, option: String, value: String)
    /// A config value is missing or malformed.
    case badConfig(layer: String, className: String, key: String, reason: String)
    /// The layer's weights do not have the count or shapes its config implies.
    case badWeights(layer: String, className: String, reason: String)
    /// A tensor's shape does not fit where it is used.
    case shapeMismatch(context: String, expected: String, actual: String)
    /// The layer graph is malformed (unknown layer, cycle, missing node, …).
    case graph(String)
    /// The model file could not be read.
    case loading(String)
    /// The graph is valid but uses a layer or option the execution planner does not compile.
    case unplannable(String)

    public var description: String {
        switch self {
        case .unsupportedLayer(let name, let className):
            return "layer '\(name)': class \(className) is not supported"
        case .unsupportedOption(let layer, let className, let option, let value):
            return "layer '\(layer)' (\(className)): option \(option)=\(value) is not supported"
        case .badConfig(let layer, let className, let key, let reason):
            return "layer '\(layer)' (\(className)): config '\(key)' \(reason)"
        case .badWeights(let layer, let className, let reason):
            return "layer '\(layer)' (\(className)): bad weights: \(reason)"
        case .shapeMismatch(let context, let expected, let actual):
            return "shape mismatch in \(context): expected \(expected), got \(actual)"
        case .graph(let reason):
            return "model graph: \(reason)"
        case .loading(let reason):
            return "cannot load model: \(reason)"
        case .unplannable(let reason):
            return "model cannot be planned: \(reason)"
        }
    }
}
