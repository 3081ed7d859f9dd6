import HDF5Reader
import KerasFormat
import NeuralKernels

/// Why the model cannot be loaded or run, with the lower module's own typed error where there is one.
///
/// A string literal makes an ``other(_:)`` failure (configuration mismatches between the model, its labels and its
/// preprocessing sidecar, described in words).
public enum ModelFailure: Sendable, Equatable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// No file at the given path (the file name only, never the folder).
    case fileNotFound(file: String)
    /// The resource bundle with the bundled model is not next to the executable and the build folder is gone.
    case bundledModelMissing
    /// The model file is not a readable HDF5 or `.keras` file.
    case unreadableFile(file: String, HDF5Error)
    /// The file is HDF5 / ZIP but not a Keras model this reader understands.
    case invalidKerasFile(file: String, KerasFormatError)
    /// The Keras model uses a layer, option, weight or shape the engine does not support.
    case unsupportedModel(file: String, NeuralKernelsError)
    /// The labels file cannot be read as a string NPY array.
    case unreadableLabels(file: String, NPYError)
    /// The engine failed on an input (a shape the checks let through).
    case inference(NeuralKernelsError)
    /// Any other problem, in words.
    case other(String)

    public init(stringLiteral value: String) { self = .other(value) }

    /// Classifies an error thrown while loading the model file `file`.
    static func loading(_ file: String, _ error: any Error) -> ModelFailure {
        switch error {
        case let error as HDF5Error: .unreadableFile(file: file, error)
        case let error as KerasFormatError: .invalidKerasFile(file: file, error)
        case let error as NeuralKernelsError: .unsupportedModel(file: file, error)
        case let error as ModelFailure: error
        default: .other("cannot load the model '\(file)'")
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let file): "model file '\(file)' not found"
        case .bundledModelMissing:
            "the bundled model is not installed (copy the swift-ecg_ECGAnalysis.resources folder next to the executable)"
        case .unreadableFile(let file, let error): "cannot read the model '\(file)': \(error)"
        case .invalidKerasFile(let file, let error): "'\(file)' is not a usable Keras model: \(error)"
        case .unsupportedModel(let file, let error): "the model '\(file)' is not supported: \(error)"
        case .unreadableLabels(let file, let error): "cannot read the labels '\(file)': \(error)"
        case .inference(let error): "the model could not run on the beats: \(error)"
        case .other(let message): message
        }
    }
}

extension ModelFailure: Error {}
