import Foundation

/// A one-line text progress bar redrawn in place on stderr.
final class ProgressBar: Sendable {
    private let width = 40

    /// A bar when stderr is a terminal, else nil.
    static func forTerminal() -> ProgressBar? { isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil }

    func show(_ fraction: Double) {
        let clamped = min(1, max(0, fraction))
        let filled = Int(clamped * Double(width))
        let line = "\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            + "] \(Int(clamped * 100)) %"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
