import Foundation
/// Opens a model file in a child process (this executable, `ecg model check-isolated`) before the caller opens it
/// in-process, so that a damaged file that crashes libhdf5 ends the child, not the caller.
///
/// The child writes one ``IsolatedModelCheckResult`` as JSON on its standard output. A child killed by a signal
/// becomes ``ModelCommandError/libraryCrashed(signal:)``; one still running after `timeout` seconds is killed and
/// becomes ``ModelCommandError/inspectionTimedOut(seconds:)``; a load error in the child is re-raised as
/// ``ModelCommandError/invalidModel(_:)`` with the child's message.
///
/// The child is started with `posix_spawn` and collected with `waitpid`, bounded by the deadline at every step: the
/// wait does not depend on a termination notification being delivered, and the only write end of the result pipe
/// is the child's (the parent's copy is close-on-exec and closed right after the spawn), so the pipe reaches its end
/// when the child does, however it ends.
enum IsolatedModelCheck {
    /// The hidden subcommand the child runs.
    static let subcommand = "check-isolated"

    /// The most the child's answer may hold; more is not an answer.
    private static let resultLimit = 1 << 20

    static func run(model: String, config: String?, timeout: TimeInterval) throws {
        guard let executable = Bundle.main.executableURL?.path ?? (try? FileManager.default.destinationOfSymbolicLink(
            atPath: "/proc/self/exe"))
        else {
            throw ModelCommandError.usage("cannot locate the ecg executable to check the model file in a child process")
        }
        // The child also bounds its own life (`--deadline`), so it cannot outlive a parent that was killed.
        let arguments = [executable, "model", subcommand, model, "--deadline", String(Int(timeout.rounded(.up)) + 5)]
            + (config.map { ["--config", $0] } ?? [])
        let deadline = Date().addingTimeInterval(timeout)
        let child = try ChildProcess(executable: executable, arguments: arguments)   // killed and collected at deinit

        let output: Data
        switch child.readOutput(limit: resultLimit, until: deadline) {
        case .complete(let data): output = data
        case .timedOut: throw ModelCommandError.inspectionTimedOut(seconds: Int(timeout.rounded(.up)))
        case .tooLong:
            throw ModelCommandError.invalidModel("the model check in a child process wrote more than a result")
        }
        guard let status = child.exitStatus(until: deadline) else {
            throw ModelCommandError.inspectionTimedOut(seconds: Int(timeout.rounded(.up)))
        }
        switch status {
        case .signalled(let signal):
            throw ModelCommandError.libraryCrashed(signal: signal)
        case .exited(let code):
            guard let result = try? JSONDecoder().decode(IsolatedModelCheckResult.self, from: output) else {
                throw ModelCommandError.invalidModel(
                    "the model check in a child process ended with status \(code) and no result")
            }
            if let error = result.error { throw ModelCommandError.invalidModel(error) }
        }
    }
}
