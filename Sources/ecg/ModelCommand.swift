import ArgumentParser
import Foundation
import HDF5Reader
import NeuralKernels

/// `ecg model info|run`: inspect a Keras model file and run it on NPY tensors.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect a Keras model file or run it on NPY inputs.",
        subcommands: [Info.self, Run.self]
    )

    /// The model file and, for weights-only files, the model JSON.
    struct ModelOptions: ParsableArguments {
        @Argument(help: "Keras model: full-model .h5, .keras archive, or a weights-only .h5 with --config.")
        var model: String

        @Option(help: "Model JSON (model.to_json() or a Keras 3 config.json) for a weights-only file.")
        var config: String?

        func load() throws -> Model {
            if let config { return try Model(weightsPath: model, configPath: config) }
            return try Model(contentsOf: model)
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
                    let tensor = try NPYFloat32.read(path: path)
                    let fits = tensor.shape.count == spec.shape.count
                        && zip(tensor.shape, spec.shape).allSatisfy { actual, expected in expected.map { $0 == actual } ?? true }
                    guard fits else {
                        throw ModelCommandError.usage(
                            "\(path): shape \(tensor.shape) does not fit model input '\(spec.name)' \(ModelCommand.format(spec.shape))")
                    }
                    tensors.append(tensor)
                }
                let results = try model.predict(tensors)
                for (tensor, path) in zip(results, outputs) { try NPYFloat32.write(tensor, path: path) }
            }
        }
    }

    /// Human-readable model summary.
    static func summary(of model: Model, path: String) -> String {
        var lines = ["Model: \(path)", "Keras version: \(model.kerasVersion ?? "unknown")", "File: \(model.flavour)", ""]
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

enum ModelCommandError: Error, CustomStringConvertible {
    case usage(String)
    case npy(path: String, reason: String)

    var description: String {
        switch self {
        case .usage(let message): return message
        case .npy(let path, let reason): return "\(path): \(reason)"
        }
    }
}

/// Minimal NPY (format 1.0–3.0) reading and writing of little-endian float32 C-order arrays.
enum NPYFloat32 {
    private static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    static func read(path: String) throws -> Tensor {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelCommandError.npy(path: path, reason: "cannot read the file")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw ModelCommandError.npy(path: path, reason: "not an NPY file (bad magic)")
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw ModelCommandError.npy(path: path, reason: "truncated header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        default:
            throw ModelCommandError.npy(path: path, reason: "unsupported NPY version \(major)")
        }
        guard headerStart + headerLength <= bytes.count,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else {
            throw ModelCommandError.npy(path: path, reason: "truncated or unreadable header")
        }
        let compact = header.filter { !$0.isWhitespace }
        guard compact.contains("'descr':'<f4'") || compact.contains("'descr':'float32'") else {
            throw ModelCommandError.npy(path: path, reason: "dtype must be little-endian float32 ('<f4'); header \(header.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard compact.contains("'fortran_order':False") else {
            throw ModelCommandError.npy(path: path, reason: "Fortran-ordered arrays are not supported")
        }
        guard let open = compact.range(of: "'shape':("),
              let close = compact[open.upperBound...].firstIndex(of: ")") else {
            throw ModelCommandError.npy(path: path, reason: "header has no shape")
        }
        let shape = try compact[open.upperBound..<close].split(separator: ",").map { item -> Int in
            guard let value = Int(item), value >= 0 else {
                throw ModelCommandError.npy(path: path, reason: "bad shape entry '\(item)'")
            }
            return value
        }
        let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
            let product = partial.0.multipliedReportingOverflow(by: dimension)
            return (product.partialValue, partial.1 || product.overflow)
        }
        let payload = headerStart + headerLength
        guard !overflow, count <= (bytes.count - payload) / 4, bytes.count - payload == count * 4 else {
            throw ModelCommandError.npy(path: path, reason: "shape \(shape) does not match the \(bytes.count - payload) data bytes")
        }
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let offset = payload + 4 * index
            let bits = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
                | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            values[index] = Float(bitPattern: bits)
        }
        return try Tensor(shape: shape, values: values)
    }

    static func write(_ tensor: Tensor, path: String) throws {
        let shapeText = tensor.shape.map(String.init).joined(separator: ", ") + (tensor.shape.count == 1 ? "," : "")
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(shapeText)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes = magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 4 * tensor.values.count)
        for value in tensor.values {
            let bits = value.bitPattern
            bytes += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw ModelCommandError.npy(path: path, reason: "cannot write the file")
        }
    }
}
