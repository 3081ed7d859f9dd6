import Benchmark
import Foundation
import NeuralKernels

/// The reference ECG model (tools/bench/model/ecg_reference.h5, 11.9 MFLOP per 360-sample window) at batch 1, 8
/// and 64 through the allocation-free predict path, plus model load (open file → ready).
/// `ECG_BENCH_MODEL=path` benchmarks another single-input model instead.
let benchmarks: @Sendable () -> Void = {
    let modelPath = ProcessInfo.processInfo.environment["ECG_BENCH_MODEL"] ?? ModelWorkload.referenceModelPath
    let forwardConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, ModelWorkload.flopRate],
        warmupIterations: 10,
        maxDuration: .seconds(3),
        maxIterations: 5_000
    )
    for batch in [1, 8, 64] {
        Benchmark("Reference model batch \(batch)", configuration: forwardConfiguration) { benchmark, workload in
            workload.measure(benchmark)
        } setup: {
            try ModelWorkload(path: modelPath, batch: batch)
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

/// A loaded model and one batch of input for timed forwards.
final class ModelWorkload: @unchecked Sendable {
    static let flopRate = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)

    /// `tools/bench/model/ecg_reference.h5`, found from this file's location in the repository.
    static var referenceModelPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("tools/bench/model/ecg_reference.h5").path
    }

    let model: Model
    let batch: Int
    let flopsPerForward: Int
    let input: [Float]
    var output: [Float]

    init(path: String, batch: Int) throws {
        model = try Model(contentsOf: path)
        self.batch = batch
        let inputCount = model.inputs[0].shape.dropFirst().reduce(1) { $0 * ($1 ?? 1) }
        let outputCount = model.outputs[0].shape.dropFirst().reduce(1) { $0 * ($1 ?? 1) }
        flopsPerForward = (model.flopsPerSample ?? 0) * batch
        var state: UInt64 = 0x5EED
        input = (0..<(batch * inputCount)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) * 2 - 1
        }
        output = [Float](repeating: 0, count: batch * outputCount)
        try forward()
    }

    func forward() throws {
        try input.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { output in
                try model.predict(batch: batch, input: input, output: output)
            }
        }
    }

    func measure(_ benchmark: Benchmark) {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in benchmark.scaledIterations {
            do { try forward() } catch { benchmark.error("forward failed: \(error)") }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let forwards = Double(benchmark.scaledIterations.count)
        benchmark.measurement(Self.flopRate, Int(Double(flopsPerForward) * forwards / max(seconds, 1e-12) / 1e6))
    }
}
