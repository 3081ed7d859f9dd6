import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Not available in this build.")

    func run() async throws {
        throw ValidationError("'ecg bench' is not available in this build")
    }
}
