import Foundation
import NeuralKernels

#if canImport(Glibc)
import Glibc
#endif

/// Allocation counts of `ecg bench model`, read from the counter of `tools/bench/malloc_count` when that library is
/// preloaded (`LD_PRELOAD`); nil otherwise.
enum MallocCount {
    private typealias Reader = @convention(c) () -> UInt64

    /// The process's allocation calls so far (all threads), or nil without the preloaded counter.
    static func current() -> UInt64? {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "ecg_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: Reader.self)()
        #else
        return nil
        #endif
    }

    /// Mean allocation calls per steady-state forward through the caller-buffer `predict`: `warmup` untimed calls,
    /// then `iterations` counted ones. Inputs and outputs live in memory allocated once, outside the count.
    static func perForward(model: Model, inputs: [Tensor], options: PredictOptions, warmup: Int, iterations: Int) throws
        -> Double? {
        guard current() != nil, let batch = inputs.first?.shape.first else { return nil }
        let sources = inputs.map { tensor -> UnsafeMutableBufferPointer<Float> in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: tensor.values.count)
            _ = buffer.initialize(from: tensor.values)
            return buffer
        }
        let targets = model.outputs.indices.map { index in
            let count = model.outputShape(index, batch: batch).reduce(1, *)
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0)
            return buffer
        }
        defer {
            sources.forEach { $0.deallocate() }
            targets.forEach { $0.deallocate() }
        }
        let inputList = sources.map { UnsafeBufferPointer($0) }
        return try inputList.withUnsafeBufferPointer { inputList in
            try targets.withUnsafeBufferPointer { outputList in
                for _ in 0..<warmup { try model.predict(batch: batch, inputs: inputList, outputs: outputList, options: options) }
                guard let start = current() else { return nil }
                for _ in 0..<iterations {
                    try model.predict(batch: batch, inputs: inputList, outputs: outputList, options: options)
                }
                guard let end = current() else { return nil }
                return Double(end - start) / Double(iterations)
            }
        }
    }
}
