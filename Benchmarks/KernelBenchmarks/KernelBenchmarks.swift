#if Benchmarks
import Benchmark
import BenchmarkSupport
import HDF5Reader
import KerasFormat
import NeuralKernels

/// Single-layer models at shapes typical of ECG networks (360-sample windows at 360 Hz, 1–64 channels), run through
/// the public `Model` API: wall clock, throughput, MFLOP/s and mallocs per forward.
let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal, ForwardWorkload.flopRate],
        warmupIterations: 20,
        maxDuration: .seconds(2),
        maxIterations: 5_000
    )
    let layers: [(name: String, make: () throws -> LayerWorkload.Layer)] = [
        ("Conv1D 360×1→32 k5 relu", { try .conv1D(length: 360, inputChannels: 1, filters: 32, kernelSize: 5) }),
        ("Conv1D 180×32→64 k5 relu", { try .conv1D(length: 180, inputChannels: 32, filters: 64, kernelSize: 5) }),
        ("LSTM 90×64→64 seq", { try .lstm(steps: 90, inputSize: 64, units: 64, returnSequences: true) }),
        ("LSTM 90×64→32", { try .lstm(steps: 90, inputSize: 64, units: 32, returnSequences: false) }),
        ("GRU 90×64→64 seq", { try .gru(steps: 90, inputSize: 64, units: 64, returnSequences: true) }),
        ("Dense 32→64 relu", { try .dense(inputSize: 32, units: 64) }),
    ]
    for layer in layers {
        for batch in [1, 64] {
            Benchmark("\(layer.name) batch \(batch)", configuration: configuration) { benchmark, workload in
                workload.measure(benchmark)
            } setup: {
                try LayerWorkload.make(layer: layer.make(), batch: batch)
            }
        }
    }
}
#endif
