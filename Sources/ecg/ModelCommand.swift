import ArgumentParser

struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "model", abstract: "Not available in this build.")

    func run() async throws {
        throw ValidationError("'ecg model' is not available in this build")
    }
}
