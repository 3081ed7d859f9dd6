import ArgumentParser
import ECGAnalysis
import Foundation
import HDF5Reader
import KerasFormat
import NeuralKernels

/// `ecg model info|run`: inspect a Keras model file and run it on NPY tensors.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect a Keras model file or run it on NPY inputs.",
        subcommands: [Info.self, Run.self, CheckIsolated.self]
    )

    /// The model file and, for weights-only files, the model JSON.
    struct ModelOptions: ParsableArguments {
        @Argument(help: "Keras model: full-model .h5, .keras archive, or a weights-only .h5 with --config.")
        var model: String

        @Option(help: "Model JSON (model.to_json() or a Keras 3 config.json) for a weights-only file.")
        var config: String?

        @Option(help: ArgumentHelp(
            "Seconds the model file may take to open in the checking child process.", valueName: "seconds"))
        var checkTimeout: Double = 60

        /// Loads the model; a documented `Weights/<file>` path that is not in the working directory names the
        /// bundled file of that name. The file is first opened in a child process (``IsolatedModelCheck``), so a
        /// damaged file that crashes libhdf5 is reported as an error instead of ending this process.
        func load() throws -> Model {
            let path = try BundledModel.resolve(model)
            try IsolatedModelCheck.run(model: path, config: config, timeout: checkTimeout)
            return try loadInProcess(path)
        }

        func loadInProcess(_ path: String) throws -> Model {
            if let config { return try Model(weightsPath: path, configPath: config) }
            return try Model(contentsOf: path)
        }
    }

    /// The child side of ``IsolatedModelCheck``: opens the model and prints one ``IsolatedModelCheckResult``.
    struct CheckIsolated: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: IsolatedModelCheck.subcommand, shouldDisplay: false)

        @Argument var model: String
        @Option var config: String?
        /// Seconds after which the process ends itself (SIGALRM), whatever libhdf5 is doing.
        @Option var deadline: UInt32 = 120

        func run() throws {
            alarm(deadline)
            var result = IsolatedModelCheckResult()
            do {
                let path = model
                let loaded = try config.map { try Model(weightsPath: path, configPath: $0) }
                    ?? Model(contentsOf: path)
                result.layers = loaded.layers.count
            } catch {
                result.error = "\(error)"
            }
            FileHandle.standardOutput.write(try JSONEncoder().encode(result))
        }
    }

    struct Info: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print layers, output shapes, parameter counts, inputs, outputs, Keras version and file flavour.")

        @OptionGroup var options: ModelOptions

        func run() async throws {
            try reportingErrors {
                let model = try options.load()
                print(ModelCommand.summary(of: model, path: options.model))
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the model on float32 NPY inputs (leading batch axis) and write float32 NPY outputs.")

        @OptionGroup var options: ModelOptions

        @Option(name: .customLong("input"), help: "Input NPY, one per model input, in the model's input order.")
        var inputs: [String] = []

        @Option(name: .customLong("output"), help: "Output NPY path, one per model output, in the model's output order.")
        var outputs: [String] = []

        func run() async throws {
            try reportingErrors {
                let model = try options.load()
                guard inputs.count == model.inputs.count else {
                    throw ModelCommandError.usage(
                        "the model has \(model.inputs.count) input(s) (\(model.inputs.map(\.name).joined(separator: ", "))), got \(inputs.count) --input")
                }
                guard outputs.count == model.outputs.count else {
                    throw ModelCommandError.usage(
                        "the model has \(model.outputs.count) output(s) (\(model.outputs.map(\.name).joined(separator: ", "))), got \(outputs.count) --output")
                }
                var tensors: [Tensor] = []
                for (path, spec) in zip(inputs, model.inputs) {
                    let array = try NPYArray(contentsOf: path)
                    guard case .float32(let values) = array.values else {
                        throw ModelCommandError.usage("\(path): dtype \(array.descr) is not float32; save the input as float32")
                    }
                    let tensor = try Tensor(shape: array.shape, values: values)
                    let fits = tensor.shape.count == spec.shape.count
                        && zip(tensor.shape, spec.shape).allSatisfy { actual, expected in expected.map { $0 == actual } ?? true }
                    guard fits else {
                        throw ModelCommandError.usage(
                            "\(path): shape \(tensor.shape) does not fit model input '\(spec.name)' \(ModelCommand.format(spec.shape))")
                    }
                    tensors.append(tensor)
                }
                let results = try model.predict(tensors)
                for (tensor, path) in zip(results, outputs) {
                    try NPYArray(shape: tensor.shape, floats: tensor.values).write(to: path)
                }
            }
        }
    }

    /// Human-readable model summary.
    static func summary(of model: Model, path: String) -> String {
        var lines = ["Model: \(path)", "Keras version: \(model.provenance.producerVersion ?? "unknown")", "File: \(model.provenance.format ?? "unknown")", ""]
        let rows = model.layers.map { layer in
            ("\(layer.name) (\(layer.className))", layer.outputShapes.map(format).joined(separator: ", "),
             String(layer.parameterCount))
        }
        let header = ("Layer (class)", "Output shape", "Params")
        let nameWidth = ([header] + rows).map(\.0.count).max() ?? 0
        let shapeWidth = ([header] + rows).map(\.1.count).max() ?? 0
        func line(_ row: (String, String, String)) -> String {
            row.0.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + row.1.padding(toLength: shapeWidth + 2, withPad: " ", startingAt: 0) + row.2
        }
        lines.append(line(header))
        lines.append(String(repeating: "-", count: nameWidth + shapeWidth + 10))
        lines += rows.map(line)
        lines.append("")
        lines.append("Inputs:")
        lines += model.inputs.map { "  \($0.name) \(format($0.shape))" }
        lines.append("Outputs:")
        lines += model.outputs.map { "  \($0.name) \(format($0.shape))" }
        lines.append("Total parameters: \(model.parameterCount)")
        return lines.joined(separator: "\n")
    }

    /// `(None, 256, 1)`.
    static func format(_ shape: [Int?]) -> String {
        "(" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
    }
}

/// Runs `body`; on error prints one line `error: <description>` to stderr and exits with status 1.
private func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
