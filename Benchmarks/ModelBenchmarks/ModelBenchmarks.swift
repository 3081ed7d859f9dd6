#if Benchmarks
import Benchmark
import BenchmarkSupport
import Foundation
import KerasFormat
import NeuralKernels

/// The reference ECG model (tools/bench/model/ecg_reference.h5, 11.9 MFLOP per 360-sample window) at batch 1, 8
/// and 64 through the allocation-free predict path, plus model load (open file → ready).
/// `ECG_BENCH_MODEL=path` benchmarks another single-input model instead.
let benchmarks: @Sendable () -> Void = {
    let modelPath = ProcessInfo.processInfo.environment["ECG_BENCH_MODEL"] ?? ModelWorkload.referenceModelPath
    let forwardConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, ForwardWorkload.flopRate],
        warmupIterations: 10,
        maxDuration: .seconds(3),
        maxIterations: 5_000
    )
    for batch in [1, 8, 64] {
        Benchmark("Reference model batch \(batch)", configuration: forwardConfiguration) { benchmark, workload in
            workload.measure(benchmark)
        } setup: {
            try ModelWorkload.make(path: modelPath, batch: batch)
        }
    }
    Benchmark(
        "Reference model load",
        configuration: .init(metrics: [.wallClock, .mallocCountTotal], warmupIterations: 3, maxDuration: .seconds(3),
                             maxIterations: 200)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            do { blackHole(try Model(contentsOf: modelPath)) } catch { benchmark.error("load failed: \(error)") }
        }
    }
}

/// The reference model's workload.
enum ModelWorkload {
    /// `tools/bench/model/ecg_reference.h5`, found from this file's location in the repository.
    static var referenceModelPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools/bench/model/ecg_reference.h5").path
    }

    /// The model at `path` and one batch of inputs in [-1, 1).
    static func make(path: String, batch: Int) throws -> ForwardWorkload {
        let model = try Model(contentsOf: path)
        let inputCount = model.inputs[0].shape.dropFirst().reduce(1) { $0 * ($1 ?? 1) }
        return try ForwardWorkload(
            model: model, batch: batch, input: uniformValues(count: batch * inputCount, seed: 0x5EED).map { $0 * 2 },
            flopsPerSample: model.flopsPerSample ?? 0)
    }
}
#endif
