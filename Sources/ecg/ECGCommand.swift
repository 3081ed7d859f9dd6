import ArgumentParser

/// `ecg`: analyse ECG recordings, serve the HTTP API, inspect and run Keras models, benchmark kernels.
@main
struct ECGCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecg",
        abstract: "Pure-Swift ECG analysis: Keras .h5 models without Python.",
        subcommands: [
            ServeCommand.self,
            AnalyzeCommand.self,
            ReportCommand.self,
            ModelCommand.self,
            EvalCommand.self,
            BenchCommand.self,
        ]
    )
}
