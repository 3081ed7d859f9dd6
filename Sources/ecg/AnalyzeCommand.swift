import ArgumentParser

struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze", abstract: "Not available in this build.")

    func run() async throws {
        throw ValidationError("'ecg analyze' is not available in this build")
    }
}
