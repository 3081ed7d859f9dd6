#if Benchmarks
import Benchmark
import NeuralKernels

/// A loaded model and one batch of input, ready for timed forwards through the allocation-free predict path.
public final class ForwardWorkload: @unchecked Sendable {
    /// Multiply-add MFLOP per second of the timed forwards (2 FLOP per MAC), recorded per benchmark run.
    public static let flopRate = BenchmarkMetric.custom("MFLOP/s", polarity: .prefersLarger, useScalingFactor: false)

    public let model: Model
    public let batch: Int
    /// FLOPs of one forward of the whole batch.
    public let flopsPerForward: Int
    private let input: [Float]
    private var output: [Float]

    /// `input`: `batch` samples of the model's (first and only) input, row-major. `flopsPerSample`: FLOPs of one sample.
    /// Runs one forward so that setup errors surface before timing.
    public init(model: Model, batch: Int, input: [Float], flopsPerSample: Int) throws {
        self.model = model
        self.batch = batch
        self.input = input
        flopsPerForward = flopsPerSample * batch
        let outputCount = model.outputs[0].shape.dropFirst().reduce(1) { $0 * ($1 ?? 1) }
        output = [Float](repeating: 0, count: batch * outputCount)
        try forward()
    }

    public func forward() throws {
        try input.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { output in
                try model.predict(batch: batch, input: input, output: output)
            }
        }
    }

    /// Runs the scaled iterations and records their MFLOP/s.
    public func measure(_ benchmark: Benchmark) {
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

/// Deterministic values in [-0.5, 0.5).
public func uniformValues(count: Int, seed: UInt64) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    return (0..<count).map { _ in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Float(state >> 40) / Float(1 << 24) - 0.5
    }
}
#endif
