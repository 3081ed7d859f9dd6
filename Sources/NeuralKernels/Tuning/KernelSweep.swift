import Foundation
import CBLAS
import Dispatch

/// A layer shape to tune, per sample (the batch is swept separately).
package enum KernelShape: Sendable, Equatable, CustomStringConvertible {
    /// Conv1D 'same', stride 1: `[length, inputChannels] → [length, outputChannels]`.
    case conv1D(length: Int, inputChannels: Int, outputChannels: Int, kernelSize: Int)
    /// LSTM over `steps` time steps, returning the sequence.
    case lstm(steps: Int, inputSize: Int, units: Int)
    /// GRU (`reset_after`) over `steps` time steps, returning the sequence.
    case gru(steps: Int, inputSize: Int, units: Int)
    /// Dense `[inputSize] → [units]`.
    case dense(inputSize: Int, units: Int)

    /// Parses `conv1d:L,CIN,COUT,K`, `lstm:T,IN,UNITS`, `gru:T,IN,UNITS` or `dense:IN,UNITS`.
    package init(parsing text: String) throws {
        let parts = text.lowercased().split(separator: ":", maxSplits: 1).map(String.init)
        let numbers = parts.count == 2 ? parts[1].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) } : []
        let values = numbers.compactMap { $0 }
        guard parts.count == 2, values.count == numbers.count, values.allSatisfy({ $0 >= 1 && $0 <= 1 << 16 }) else {
            throw KernelSweepError.badShape(text)
        }
        switch (parts[0], values.count) {
        case ("conv1d", 4): self = .conv1D(length: values[0], inputChannels: values[1], outputChannels: values[2], kernelSize: values[3])
        case ("lstm", 3): self = .lstm(steps: values[0], inputSize: values[1], units: values[2])
        case ("gru", 3): self = .gru(steps: values[0], inputSize: values[1], units: values[2])
        case ("dense", 2): self = .dense(inputSize: values[0], units: values[1])
        default: throw KernelSweepError.badShape(text)
        }
    }

    package var description: String {
        switch self {
        case let .conv1D(length, cin, cout, k): return "conv1d:\(length),\(cin),\(cout),\(k)"
        case let .lstm(steps, input, units): return "lstm:\(steps),\(input),\(units)"
        case let .gru(steps, input, units): return "gru:\(steps),\(input),\(units)"
        case let .dense(input, units): return "dense:\(input),\(units)"
        }
    }
}

/// A malformed `--shape`.
package enum KernelSweepError: Error, Equatable, CustomStringConvertible {
    case badShape(String)

    package var description: String {
        switch self {
        case .badShape(let text):
            return "bad kernel shape '\(text)': expected conv1d:L,CIN,COUT,K, lstm:T,IN,UNITS, gru:T,IN,UNITS or dense:IN,UNITS (positive sizes)"
        }
    }
}

/// How a sweep point uses the two cores.
package enum SweepThreading: String, Sendable, CaseIterable {
    /// One thread, OpenBLAS at one thread.
    case single = "1 thread"
    /// One caller, OpenBLAS at two threads.
    case blasTwo = "BLAS ×2"
    /// The batch split over two workers, OpenBLAS at one thread each (the engine's large-batch mode).
    case splitBatch = "2 workers"
}

/// One timed point of a sweep.
package struct KernelMeasurement: Sendable {
    package var shape: KernelShape
    package var variant: String
    package var batch: Int
    package var threading: SweepThreading
    /// Median seconds per call.
    package var seconds: Double
    /// Multiply-add FLOPs per call (2 per MAC).
    package var flops: Int
    /// True for the variant the engine's planner picks for this shape and batch.
    package var isEngineChoice: Bool

    package var gflops: Double { Double(flops) / seconds / 1e9 }
}

/// Sweeps kernel variants on synthetic weights and measures this machine's sgemm peak, for `ecg bench kernels`.
package enum KernelSweep {
    /// GFLOP/s of a square `size` sgemm with OpenBLAS at `threads` threads: the fastest of the timed repeats, as a
    /// peak should be (on a shared machine the median would fold other people's load into the yardstick).
    package static func sgemmPeak(size: Int = 1024, threads: Int, minimumSeconds: Double = 0.5) -> Double {
        let a = syntheticValues(count: size * size, seed: 1), b = syntheticValues(count: size * size, seed: 2)
        var c = [Float](repeating: 0, count: size * size)
        setBLASThreads(threads)
        defer { setBLASThreads(1) }
        let seconds = a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    timedSeconds(minimumSeconds: minimumSeconds, statistic: .fastest) {
                        BLAS.gemm(m: size, n: size, k: size, a: a.baseAddress!, lda: size, b: b.baseAddress!,
                                    ldb: size, beta: 0, c: c.baseAddress!, ldc: size)
                    }
                }
            }
        }
        return 2 * Double(size * size * size) / seconds / 1e9
    }

    /// Every variant × batch × threading for one shape.
    package static func run(_ shape: KernelShape, batches: [Int], threadings: [SweepThreading],
                           minimumSeconds: Double = 0.2) -> [KernelMeasurement] {
        var results: [KernelMeasurement] = []
        for batch in batches where batch >= 1 {
            for threading in threadings where threading != .splitBatch || batch >= 2 {
                for candidate in candidates(for: shape) {
                    let seconds = time(candidate.run, batch: batch, threading: threading, arenaPerSample: candidate.arenaPerSample,
                                       inputPerSample: candidate.inputPerSample, outputPerSample: candidate.outputPerSample,
                                       minimumSeconds: minimumSeconds)
                    results.append(KernelMeasurement(
                        shape: shape, variant: candidate.name, batch: batch, threading: threading, seconds: seconds,
                        flops: candidate.flopsPerSample * batch, isEngineChoice: candidate.isEngineChoice(batch)))
                }
            }
        }
        return results
    }

    /// A runnable variant: `run(batch, input, output, scratch)`.
    private struct Candidate {
        var name: String
        var isEngineChoice: (Int) -> Bool
        var inputPerSample: Int
        var outputPerSample: Int
        var arenaPerSample: Int
        var flopsPerSample: Int
        var run: @Sendable (Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    }

    private static func candidates(for shape: KernelShape) -> [Candidate] {
        switch shape {
        case let .conv1D(length, cin, cout, k):
            let choice = KernelChoice.conv1D(kernelSize: k, inputChannels: cin, outputChannels: cout)
            // The packed GEMM is listed where its AVX-512 build runs (elsewhere it would time the portable fallback).
            let variants = Conv1DVariant.allCases.filter { $0 != .packedGEMM || SIMDLevel.best == .avx512 }
            return variants.map { variant in
                let step = Conv1DStep(
                    kernelSize: k, inputChannels: cin, outputChannels: cout, inputLength: length,
                    padLeft: (k - 1) / 2, padRight: k - 1 - (k - 1) / 2,
                    kernel: syntheticValues(count: k * cin * cout, seed: 3),
                    epilogue: Epilogue(bias: syntheticValues(count: cout, seed: 4), activation: .plainReLU), variant: variant)
                return Candidate(
                    name: variant.rawValue, isEngineChoice: { _ in variant == choice }, inputPerSample: length * cin,
                    outputPerSample: step.outputLength * cout, arenaPerSample: step.scratchPerSample,
                    flopsPerSample: step.flopsPerSample,
                    run: { batch, input, output, scratch in step.run(batch: batch, input: input, output: output, scratch: scratch) })
            }
        case let .lstm(steps, input, units):
            // Every schedule × recurrent product with the input projection the engine picks, then every other input
            // projection with the recurrent product the engine picks per batch (nil).
            let inputChoice = KernelChoice.matrixProduct(depth: input, columns: 4 * units)
            let products = [RecurrentProduct.blas] + SIMDLevel.supported.map { RecurrentProduct.packed($0) }
            let combinations: [(LSTMVariant, RecurrentProduct?, MatrixProduct)] =
                LSTMVariant.allCases.flatMap { variant in products.map { (variant, $0, inputChoice) } }
                + LSTMVariant.allCases.flatMap { variant in
                    MatrixProduct.supported.filter { $0 != inputChoice }.map { (variant, nil, $0) }
                }
            return combinations.map { variant, product, inputProduct in
                let step = LSTMStep(
                    inputSize: input, units: units, steps: steps, returnSequences: true,
                    kernel: syntheticValues(count: input * 4 * units, seed: 5),
                    recurrentKernel: syntheticValues(count: units * 4 * units, seed: 6),
                    bias: syntheticValues(count: 4 * units, seed: 7), variant: variant, recurrentProduct: product,
                    inputProduct: inputProduct)
                let recurrentName = product.map { String(describing: $0) } ?? "engine's h·U"
                return Candidate(
                    name: "\(variant.rawValue), \(recurrentName), x·W \(inputProduct)",
                    isEngineChoice: { batch in
                        variant == KernelChoice.lstm(batch: batch, steps: steps, units: units)
                            && (product == nil || product == KernelChoice.recurrentProduct(batch: batch, units: units))
                            && inputProduct == inputChoice
                    },
                    inputPerSample: steps * input,
                    outputPerSample: step.outputPerSample, arenaPerSample: step.scratchPerSample,
                    flopsPerSample: step.flopsPerSample,
                    run: { batch, input, output, scratch in step.run(batch: batch, input: input, output: output, scratch: scratch) })
            }
        case let .gru(steps, input, units):
            let step = GRUStep(
                inputSize: input, units: units, steps: steps, returnSequences: true, resetAfter: true,
                kernel: syntheticValues(count: input * 3 * units, seed: 5),
                recurrentKernel: syntheticValues(count: units * 3 * units, seed: 6),
                inputBias: syntheticValues(count: 3 * units, seed: 7), recurrentBias: syntheticValues(count: 3 * units, seed: 8))
            return [Candidate(
                name: "hoisted input GEMM", isEngineChoice: { _ in true }, inputPerSample: steps * input,
                outputPerSample: step.outputPerSample, arenaPerSample: step.scratchPerSample,
                flopsPerSample: step.flopsPerSample,
                run: { batch, input, output, scratch in step.run(batch: batch, input: input, output: output, scratch: scratch) })]
        case let .dense(input, units):
            let choice = KernelChoice.matrixProduct(depth: input, columns: units)
            return MatrixProduct.supported.map { product in
                let step = DenseStep(inputSize: input, units: units, rowsPerSample: 1,
                                     kernel: syntheticValues(count: input * units, seed: 8),
                                     epilogue: Epilogue(bias: syntheticValues(count: units, seed: 9), activation: .plainReLU),
                                     product: product)
                return Candidate(
                    name: "\(product) + fused epilogue", isEngineChoice: { _ in product == choice }, inputPerSample: input,
                    outputPerSample: units, arenaPerSample: 0, flopsPerSample: step.flopsPerSample,
                    run: { batch, input, output, _ in step.run(batch: batch, input: input, output: output) })
            }
        }
    }

    private static func time(
        _ run: @escaping @Sendable (Int, UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void,
        batch: Int, threading: SweepThreading, arenaPerSample: Int, inputPerSample: Int, outputPerSample: Int,
        minimumSeconds: Double
    ) -> Double {
        let input = syntheticValues(count: batch * inputPerSample, seed: 10)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: max(1, batch * outputPerSample))
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, batch * arenaPerSample))
        defer {
            output.deallocate()
            scratch.deallocate()
        }
        setBLASThreads(threading == .blasTwo ? 2 : 1)
        defer { setBLASThreads(1) }
        return input.withUnsafeBufferPointer { inputBuffer in
            let inputAddress = UInt(bitPattern: inputBuffer.baseAddress)
            let outputAddress = UInt(bitPattern: output), scratchAddress = UInt(bitPattern: scratch)
            return timedSeconds(minimumSeconds: minimumSeconds, statistic: .median) {
                guard threading == .splitBatch else {
                    run(batch, inputBuffer.baseAddress!, output, scratch)
                    return
                }
                DispatchQueue.concurrentPerform(iterations: 2) { worker in
                    let start = batch * worker / 2, end = batch * (worker + 1) / 2
                    guard let input = UnsafePointer<Float>(bitPattern: inputAddress),
                        let output = UnsafeMutablePointer<Float>(bitPattern: outputAddress),
                        let scratch = UnsafeMutablePointer<Float>(bitPattern: scratchAddress)
                    else { return }
                    run(end - start, input + start * inputPerSample, output + start * outputPerSample,
                        scratch + start * arenaPerSample)
                }
            }
        }
    }

    enum Statistic { case median, fastest }

    /// Median or fastest seconds of `body` over repeats filling at least `minimumSeconds` (at least 5 repeats,
    /// after 3 warm-ups).
    static func timedSeconds(minimumSeconds: Double, statistic: Statistic, _ body: () -> Void) -> Double {
        for _ in 0..<3 { body() }
        var samples: [Double] = []
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(Int(minimumSeconds * 1000)))
        while samples.count < 5 || clock.now < deadline {
            let start = clock.now
            body()
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        samples.sort()
        return statistic == .median ? samples[samples.count / 2] : samples[0]
    }

    static func setBLASThreads(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// Deterministic values in [-0.5, 0.5) (weights and inputs of the sweeps).
    static func syntheticValues(count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) - 0.5
        }
    }
}
