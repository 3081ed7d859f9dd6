import Foundation

/// The beat model that ships with the library: `Weights/ecg_model.h5`, `label_classes.npy` and
/// `ecg_model.preprocessing.json`, copied by SwiftPM into the ECGAnalysis resource bundle.
///
/// `ECGAnalyzer()` loads it; ``resolve(_:)`` finds a model named on a command line, falling back to the bundled copy
/// for the documented `Weights/…` paths when they are not in the working directory.
public enum BundledModel {
    /// File name of the bundled model.
    public static let modelFileName = "ecg_model.h5"
    /// File name of its labels.
    public static let labelsFileName = "label_classes.npy"

    /// Environment variable naming a model to use instead of the bundled one (the CLI reads it).
    public static let environmentVariable = "ECG_MODEL"

    /// Name of the resource bundle SwiftPM builds for this module.
    static let resourceBundleName = "swift-ecg_ECGAnalysis.resources"

    /// Path of the bundled model file.
    ///
    /// Looks first next to the running executable (where SwiftPM puts the resource bundle, and where an installer
    /// copies it with the binary), then where this build wrote it.
    public static var modelPath: String {
        get throws(ECGAnalysisError) {
            guard let directory = resourceDirectory else {
                throw .modelFailure(.bundledModelMissing)
            }
            let path = directory.appendingPathComponent(modelFileName).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw .modelFailure(.bundledModelMissing)
            }
            return path
        }
    }

    /// The model to use for a command-line `--model` value (nil when not given): the value itself when that file
    /// exists; otherwise `ECG_MODEL`; otherwise the bundled model. A relative `Weights/<file>` that is not in the
    /// working directory resolves to the bundled file of that name, so the documented
    /// `--model Weights/ecg_model.h5` works from any directory.
    public static func resolve(
        _ requested: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ECGAnalysisError) -> String {
        if let requested { return try resolveExplicit(requested) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try resolveExplicit(fromEnvironment)
        }
        return try modelPath
    }

    private static func resolveExplicit(_ path: String) throws(ECGAnalysisError) -> String {
        if FileManager.default.fileExists(atPath: path) { return path }
        let components = URL(fileURLWithPath: path).pathComponents
        let isDocumentedPath = !path.hasPrefix("/") && components.count >= 2
            && components[components.count - 2] == "Weights"
        if isDocumentedPath, let directory = resourceDirectory {
            let bundled = directory.appendingPathComponent(components[components.count - 1]).path
            if FileManager.default.fileExists(atPath: bundled) { return bundled }
        }
        throw .modelFailure(.fileNotFound(file: URL(fileURLWithPath: path).lastPathComponent))
    }

    /// The resource folder, or nil when neither the executable's folder nor the build holds it.
    static var resourceDirectory: URL? {
        let besideExecutable = Bundle.main.bundleURL.appendingPathComponent(resourceBundleName)
        if FileManager.default.fileExists(atPath: besideExecutable.appendingPathComponent(modelFileName).path) {
            return besideExecutable
        }
        // `Bundle.module` also looks in the build folder this module was compiled into. (It traps when neither folder
        // exists; the check above keeps an installed binary with its resources off that path.)
        let module = Bundle.module
        return [module.resourceURL, module.bundleURL].compactMap { $0 }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent(modelFileName).path)
        }
    }
}
