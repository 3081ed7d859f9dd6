/// Errors raised while reading an HDF5 file. Each names the file or object concerned.
public enum HDF5Error: Error, Equatable, CustomStringConvertible {
    /// The file does not exist or cannot be read.
    case cannotOpen(path: String, reason: String)
    /// The bytes do not start with an HDF5 signature (also: an empty file).
    case notHDF5(source: String)
    /// The signature is there but libhdf5 cannot open the file (cut short or damaged).
    case truncatedOrCorrupt(source: String, reason: String)
    /// No group, dataset or attribute at this path.
    case missingObject(path: String)
    /// The object exists but is of another kind (e.g. a dataset where a group was expected).
    case wrongObjectKind(path: String, expected: String)
    /// The stored type cannot be read as requested (e.g. a compound dataset read as numbers).
    case unsupportedType(path: String, type: String)
    /// The object is larger than this reader accepts.
    case tooLarge(path: String, elements: Int)
    /// libhdf5 reported a failure while reading the object.
    case readFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open '\(path)': \(reason)"
        case .notHDF5(let source):
            return "'\(source)' is not an HDF5 file (no HDF5 signature)"
        case .truncatedOrCorrupt(let source, let reason):
            return "HDF5 file '\(source)' is truncated or corrupted: \(reason)"
        case .missingObject(let path):
            return "HDF5 object '\(path)' does not exist"
        case .wrongObjectKind(let path, let expected):
            return "HDF5 object '\(path)' is not a \(expected)"
        case .unsupportedType(let path, let type):
            return "HDF5 object '\(path)' has an unsupported type (\(type))"
        case .tooLarge(let path, let elements):
            return "HDF5 object '\(path)' has \(elements) elements, more than the \(HDF5Library.maximumElementCount) this reader accepts"
        case .readFailed(let path, let reason):
            return "cannot read HDF5 object '\(path)': \(reason)"
        }
    }
}
