import Foundation

/// One finished run of the `ecg` executable built next to the test bundle.
struct ECGRun {
    let status: Int32
    /// The signal that ended the process, nil when it exited.
    let signal: Int32?
    let output: String
    let errorOutput: String

    /// The `ecg` executable next to the running test bundle.
    static var executable: String? {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("ecg").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs `ecg ARGUMENTS` to completion.
    init(_ arguments: [String]) throws {
        guard let executable = Self.executable else { throw ECGRunError.notBuilt }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes before waiting, so that a long output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var outputData = Data()
        nonisolated(unsafe) var errorData = Data()
        DispatchQueue.global().async(group: group) { outputData = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        group.wait()
        process.waitUntilExit()
        status = process.terminationStatus
        signal = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
        self.output = String(decoding: outputData, as: UTF8.self)
        errorOutput = String(decoding: errorData, as: UTF8.self)
    }
}

enum ECGRunError: Error {
    case notBuilt
}
