import ArgumentParser

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Not available in this build.")

    func run() async throws {
        throw ValidationError("'ecg eval' is not available in this build")
    }
}
