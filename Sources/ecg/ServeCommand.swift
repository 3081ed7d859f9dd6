import ArgumentParser

#if canImport(ECGService)
import ECGService
#endif

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Not available in this build.")

    func run() async throws {
        throw ValidationError("'ecg serve' is not available in this build")
    }
}
