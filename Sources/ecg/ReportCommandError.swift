/// Errors of `ecg report` beyond the analysis library's own.
enum ReportCommandError: Error, CustomStringConvertible {
    /// The HTML file could not be written (missing folder, no permission).
    case cannotWrite(String)

    var description: String {
        switch self {
        case .cannotWrite(let path): "cannot write the report to '\(path)'"
        }
    }
}
