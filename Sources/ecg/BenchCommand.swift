import ArgumentParser
import ECGAnalysis
import Foundation
import HDF5Reader
import KerasFormat
import NeuralKernels

/// `ecg bench`: time the engine on a whole model, or sweep kernel variants for given layer shapes.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark a model, sweep kernel variants, or time reading, delineation, image decoding and digitization.",
        subcommands: [
            BenchModelCommand.self, BenchKernelsCommand.self, BenchReadCommand.self, BenchDelineationCommand.self,
            BenchDecodeCommand.self, BenchDigitizeCommand.self, BenchEncodeCommand.self,
        ]
    )
}

/// `ecg bench model MODEL --batch N`: one JSON line with load time, median / p90 forward time and GFLOP/s.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Time whole-model forward passes; prints one JSON line.",
        discussion: """
            Times `Model(contentsOf:)` (`Model(weightsPath:configPath:)` with --config; open file → ready: load_ms) and then `iterations` forward passes of one
            batch after `warmup` untimed ones. Each model input is the first `batch` rows of its --input (a float32
            NPY with a leading batch axis, repeated when it has fewer rows; one --input per model input, in order)
            or seeded noise. gflops counts the multiply-adds of Conv1D, Dense and recurrent layers (2 per MAC) per
            second. With tools/bench/malloc_count preloaded (LD_PRELOAD), mallocs_per_forward is the mean number of
            allocation calls of a further `iterations` forwards through the caller-buffer predict (null otherwise).
            """
    )

    @Argument(help: "Keras model file (.h5, .keras), or a weights-only file with --config.") var model: String
    @Option(help: "Model JSON (model.to_json() or a Keras 3 config.json) when MODEL holds weights only.")
    var config: String?
    @Option(help: "Samples per forward pass.") var batch: Int = 1
    @Option(help: "Timed forward passes.") var iterations: Int = 200
    @Option(help: "Untimed forward passes first.") var warmup: Int = 20
    @Option(help: "Compute threads (default: the engine's choice for the batch size).") var threads: Int?
    @Option(name: .customLong("input"),
            help: "Float32 NPY [n, ...] per model input, in the model's input order (default: seeded noise).")
    var inputs: [String] = []

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
        guard iterations >= 1 else { throw ValidationError("--iterations must be at least 1") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let loadStart = ContinuousClock.now
        let engine = try config.map { try Model(weightsPath: model, configPath: $0) }
            ?? Model(contentsOf: try BundledModel.resolve(model))
        let loadTime = ContinuousClock.now - loadStart
        guard inputs.isEmpty || inputs.count == engine.inputs.count else {
            throw ValidationError(
                "the model has \(engine.inputs.count) input(s) (\(engine.inputs.map(\.name).joined(separator: ", "))), got \(inputs.count) --input")
        }
        var tensors: [Tensor] = []
        for (index, spec) in engine.inputs.enumerated() {
            let sampleShape = try spec.shape.dropFirst().map { dimension -> Int in
                guard let dimension else { throw ValidationError("input '\(spec.name)' has an unknown dimension") }
                return dimension
            }
            let window = try BenchInput(
                path: inputs.isEmpty ? nil : inputs[index], sampleShape: sampleShape, batch: batch, seed: 0x5EED &+ UInt64(index))
            tensors.append(try Tensor(shape: [batch] + sampleShape, values: window.values))
        }
        let options = PredictOptions(threads: threads)

        for _ in 0..<warmup { _ = try engine.predict(tensors, options: options) }
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = ContinuousClock.now
            _ = try engine.predict(tensors, options: options)
            samples.append(ContinuousClock.now - start)
        }
        let timing = TimingSummary(samples)
        let mallocs = try MallocCount.perForward(
            model: engine, inputs: tensors, options: options, warmup: warmup, iterations: iterations)
        let flops = engine.flopsPerSample
        let report = BenchModelReport(
            model: model, batch: batch, threads: options.resolvedThreads(batch: batch), iterations: iterations,
            loadMs: loadTime.milliseconds, medianMs: timing.median.milliseconds, p90Ms: timing.p90.milliseconds,
            minMs: timing.minimum.milliseconds,
            windowsPerSecond: Double(batch) / timing.median.seconds,
            gflops: flops.map { Double($0 * batch) / timing.median.seconds / 1e9 },
            mflopPerWindow: flops.map { Double($0) / 1e6 },
            mallocsPerForward: mallocs, planSteps: engine.planStepCount)
        print(try report.jsonLine())
    }
}

/// The JSON line `ecg bench model` prints (keys in snake_case).
struct BenchModelReport: Encodable {
    var model: String
    var batch: Int
    var threads: Int
    var iterations: Int
    var loadMs: Double
    var medianMs: Double
    var p90Ms: Double
    var minMs: Double
    var windowsPerSecond: Double
    var gflops: Double?
    var mflopPerWindow: Double?
    var mallocsPerForward: Double?
    /// Kernels in the model's compiled plan.
    var planSteps: Int?

    func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// One batch of input values: rows of an NPY file (cycled) or seeded noise.
struct BenchInput {
    var values: [Float]

    init(path: String?, sampleShape: [Int], batch: Int, seed: UInt64 = 0x5EED) throws {
        let perSample = sampleShape.reduce(1, *)
        guard let path else {
            var generator = SplitMix64(seed: seed)
            values = (0..<(batch * perSample)).map { _ in generator.nextUnitFloat() * 2 - 1 }
            return
        }
        let array = try NPYArray(contentsOf: path)
        guard array.shape.count == sampleShape.count + 1, Array(array.shape.dropFirst()) == sampleShape,
            array.shape[0] >= 1
        else {
            throw ValidationError("\(path) has shape \(array.shape); expected [n] + \(sampleShape)")
        }
        let rows = try array.floatValues()
        values = (0..<batch).flatMap { row in
            rows[(row % array.shape[0]) * perSample..<(row % array.shape[0] + 1) * perSample]
        }
    }
}

/// Deterministic noise for benchmark inputs (no Foundation randomness, same numbers on every run).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnitFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

/// Median, 90th percentile and minimum of timing samples.
struct TimingSummary {
    var median: Duration
    var p90: Duration
    var minimum: Duration

    init(_ samples: [Duration]) {
        let sorted = samples.sorted()
        median = sorted[sorted.count / 2]
        p90 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.9).rounded(.up)) - 1)]
        minimum = sorted[0]
    }

    /// Runs `body` `warmup` times untimed, then `iterations` times (≥ 1) timed one by one.
    static func measure(warmup: Int, iterations: Int, _ body: () throws -> Void) rethrows -> TimingSummary {
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        var samples: [Duration] = []
        samples.reserveCapacity(iterations)
        for _ in 0..<iterations {
            let start = clock.now
            try body()
            samples.append(clock.now - start)
        }
        return TimingSummary(samples)
    }
}

extension Duration {
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }

    var milliseconds: Double { seconds * 1e3 }
}

/// `ecg bench kernels`: sweeps kernel variants for layer shapes and prints time, GFLOP/s and % of sgemm peak.
struct BenchKernelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "Sweep kernel variants per layer shape against this machine's sgemm peak.",
        discussion: """
            For each --shape (default: the layers of the reference ECG model) and each batch size, times every
            kernel variant (Conv1D: per-tap GEMM, im2col + GEMM, direct loops, packed GEMM; LSTM: hoisted input GEMM
            vs per-step GEMMs, each recurrent product and input projection; Dense: OpenBLAS vs packed GEMM; GRU: one
            variant) with one thread, OpenBLAS at two threads, and the batch split over two workers. The sgemm peak is
            measured first in the same run (square sgemm, 1 and 2 threads); '% peak' compares against the peak for
            the same number of threads. '*' marks the variant the engine's planner picks, '<' the fastest of a group.
            Shapes: conv1d:L,CIN,COUT,K ('same' padding), lstm:T,IN,UNITS, gru:T,IN,UNITS, dense:IN,UNITS.
            """
    )

    /// The reference ECG model's layers, plus a GRU of the same size as its first LSTM.
    static let referenceShapes = ["conv1d:360,1,32,5", "conv1d:180,32,64,5", "lstm:90,64,64", "lstm:90,64,32",
                                  "gru:90,64,64", "dense:32,64"]

    @Option(name: .customLong("shape"), help: "Layer shape (repeatable).") var shapes: [String] = []
    @Option(name: .customLong("batch"), help: "Batch size (repeatable; default 1, 8, 64).") var batches: [Int] = []
    @Option(help: "Threading modes (repeatable): single, blas2, split (default: all).")
    var threading: [String] = []
    @Option(help: "Minimum seconds timed per point.") var minTime: Double = 0.2
    @Option(help: "Square sgemm size for the peak measurement.") var peakSize: Int = 1024

    func validate() throws {
        guard batches.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else { throw ValidationError("--batch must be in 1...4096") }
        guard minTime > 0, minTime <= 60 else { throw ValidationError("--min-time must be in (0, 60] seconds") }
        guard (64...4096).contains(peakSize) else { throw ValidationError("--peak-size must be in 64...4096") }
    }

    func run() throws {
        let parsed = try (shapes.isEmpty ? Self.referenceShapes : shapes).map { try KernelShape(parsing: $0) }
        let modes = try threading.isEmpty ? SweepThreading.allCases : threading.map(Self.threadingMode)
        let peaks = [1: KernelSweep.sgemmPeak(size: peakSize, threads: 1),
                     2: KernelSweep.sgemmPeak(size: peakSize, threads: 2)]
        print("sgemm peak (\(peakSize)³): 1 thread \(Self.format(peaks[1] ?? 0, 1)) GFLOP/s, "
              + "2 threads \(Self.format(peaks[2] ?? 0, 1)) GFLOP/s")
        print("| shape | batch | threads | variant | median µs | GFLOP/s | % peak |")
        print("|---|---:|---|---|---:|---:|---:|")
        for shape in parsed {
            let results = KernelSweep.run(shape, batches: batches.isEmpty ? [1, 8, 64] : batches, threadings: modes,
                                          minimumSeconds: minTime)
            for result in results {
                let group = results.filter { $0.batch == result.batch && $0.threading == result.threading }
                let fastest = group.min { $0.seconds < $1.seconds }?.variant == result.variant
                let peak = peaks[result.threading == .single ? 1 : 2] ?? 1
                let marks = (result.isEngineChoice ? " *" : "") + (fastest && group.count > 1 ? " <" : "")
                print("| \(shape) | \(result.batch) | \(result.threading.rawValue) | \(result.variant)\(marks) | "
                      + "\(Self.format(result.seconds * 1e6, 1)) | \(Self.format(result.gflops, 1)) | "
                      + "\(Self.format(100 * result.gflops / peak, 0))% |")
            }
        }
    }

    static func threadingMode(_ name: String) throws -> SweepThreading {
        switch name {
        case "single": return .single
        case "blas2": return .blasTwo
        case "split": return .splitBatch
        default: throw ValidationError("unknown --threading '\(name)': use single, blas2 or split")
        }
    }

    static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
}
