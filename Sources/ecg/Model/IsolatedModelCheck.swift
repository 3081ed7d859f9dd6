import Foundation

/// Opens a model file in a child process (this executable, `ecg model check-isolated`) before the caller opens it
/// in-process, so that a damaged file that crashes libhdf5 ends the child, not the caller.
///
/// The child writes one ``IsolatedModelCheckResult`` as JSON on its standard output. A child killed by a signal
/// becomes ``ModelCommandError/libraryCrashed(signal:)``; one still running after `timeout` seconds is killed and
/// becomes ``ModelCommandError/inspectionTimedOut(seconds:)``; a load error in the child is re-raised as
/// ``ModelCommandError/invalidModel(_:)`` with the child's message.
enum IsolatedModelCheck {
    /// The hidden subcommand the child runs.
    static let subcommand = "check-isolated"

    static func run(model: String, config: String?, timeout: TimeInterval) throws {
        guard let executable = Bundle.main.executableURL ?? URL(string: "file:///proc/self/exe") else {
            throw ModelCommandError.usage("cannot locate the ecg executable to check the model file in a child process")
        }
        let process = Process()
        process.executableURL = executable
        // The child also bounds its own life (`--deadline`), so it cannot outlive a parent that was killed.
        process.arguments = ["model", subcommand, model, "--deadline", String(Int(timeout.rounded(.up)) + 5)]
            + (config.map { ["--config", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // The pipe is drained while the child runs so that a long report cannot block it.
        let collected = CollectedOutput()
        let reader = Thread { collected.set(output.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            finished.wait()
            throw ModelCommandError.inspectionTimedOut(seconds: Int(timeout))
        }
        if process.terminationReason == .uncaughtSignal {
            throw ModelCommandError.libraryCrashed(signal: process.terminationStatus)
        }
        let data = collected.waitForData()
        guard let result = try? JSONDecoder().decode(IsolatedModelCheckResult.self, from: data) else {
            throw ModelCommandError.invalidModel(
                "the model check in a child process ended with status \(process.terminationStatus) and no result")
        }
        if let error = result.error { throw ModelCommandError.invalidModel(error) }
    }
}

/// The bytes a reader thread collected from a pipe, handed over once.
private final class CollectedOutput: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    func set(_ value: Data) {
        data = value
        done.signal()
    }

    func waitForData() -> Data {
        done.wait()
        return data
    }
}
