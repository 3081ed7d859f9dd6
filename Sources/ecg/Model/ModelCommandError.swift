/// Errors of `ecg model`: usage problems and model files that could not be opened safely.
enum ModelCommandError: Error, CustomStringConvertible {
    case usage(String)
    /// The model file could not be loaded; the loader's message.
    case invalidModel(String)
    /// The child process opening the file was killed by signal `signal` (libhdf5 crashed on it).
    case libraryCrashed(signal: Int32)
    /// The child process opening the file did not finish within `seconds`.
    case inspectionTimedOut(seconds: Int)

    var description: String {
        switch self {
        case .usage(let message): return message
        case .invalidModel(let message): return message
        case .libraryCrashed(let signal):
            return "the model file crashed the HDF5 library while being read (signal \(signal))"
        case .inspectionTimedOut(let seconds):
            return "the model file did not finish opening within \(seconds) s; it is damaged or far too large"
        }
    }
}
