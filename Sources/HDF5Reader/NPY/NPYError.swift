/// Errors raised while reading or writing NPY files. Each names the source and the problem.
public enum NPYError: Error, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// The file does not start with `\x93NUMPY` or its version is not 1, 2 or 3.
    case notNPY(source: String)
    /// The header dictionary cannot be parsed or lacks `descr`, `fortran_order` or `shape`.
    case malformedHeader(source: String, reason: String)
    /// The dtype is not one this reader handles (structured, object, half precision, …).
    case unsupportedDType(source: String, descr: String)
    /// The shape is negative, overflows, or holds more elements than this reader accepts.
    case absurdShape(source: String, shape: String)
    /// The data section is shorter than the header promises.
    case truncatedData(source: String, expectedBytes: Int, foundBytes: Int)
    /// An unsigned 64-bit value does not fit a signed 64-bit integer.
    case valueOutOfRange(source: String, descr: String)
    /// Values and shape disagree, or numbers were requested from a string array (or the reverse).
    case invalidArray(reason: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read NPY file '\(path)': \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write NPY file '\(path)': \(reason)"
        case .notNPY(let source): return "'\(source)' is not an NPY file (missing \\x93NUMPY magic or unknown version)"
        case .malformedHeader(let source, let reason): return "NPY '\(source)': malformed header: \(reason)"
        case .unsupportedDType(let source, let descr): return "NPY '\(source)': unsupported dtype '\(descr)'"
        case .absurdShape(let source, let shape): return "NPY '\(source)': unacceptable shape \(shape)"
        case .truncatedData(let source, let expected, let found):
            return "NPY '\(source)': data truncated (expected \(expected) bytes, found \(found))"
        case .valueOutOfRange(let source, let descr): return "NPY '\(source)': a \(descr) value does not fit Int64"
        case .invalidArray(let reason): return "invalid NPY array: \(reason)"
        }
    }
}
