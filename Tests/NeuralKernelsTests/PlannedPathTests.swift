import Foundation
import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

/// The planned forward (fused kernels over pooled arenas) against Keras's own outputs from the committed fixtures,
/// and against the generic layer-by-layer graph.
struct PlannedPathTests {
    struct Fixture: Sendable, CustomStringConvertible {
        var name: String
        var model: String
        var config: String?
        var input: String
        var output: String
        var tolerance: Float
        var description: String { name }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Single-input, single-output fixtures of the manifest.
    static let fixtures: [Fixture] = {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path),
            let manifest = try? JSONValue(parsing: data), let entries = manifest["fixtures"]?.arrayValue
        else { return [] }
        return entries.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let model = entry["model"]?.stringValue,
                let inputs = entry["inputs"]?.arrayValue, inputs.count == 1, let input = inputs[0].stringValue,
                let outputs = entry["outputs"]?.arrayValue, outputs.count == 1, let output = outputs[0].stringValue
            else { return nil }
            return Fixture(name: name, model: model, config: entry["config"]?.stringValue, input: input, output: output,
                           tolerance: Float(entry["tolerance"]?.doubleValue ?? 1e-4))
        }
    }()

    /// Fixtures the planner must cover (so that the parity checks below cannot pass vacuously).
    static let mustBePlanned: Set<String> = ["ecg_like", "ecg_like_keras3_h5", "ecg_like_keras3_zip", "lstm_stack",
                                             "conv_lstm_bn", "conv_lstm_bn_keras3_weights",
                                             "dense_2d", "conv1d_valid", "batchnorm"]

    static func load(_ fixture: Fixture) throws -> Model {
        let path = directory.appendingPathComponent(fixture.model).path
        if let config = fixture.config {
            return try Model(weightsPath: path, configPath: directory.appendingPathComponent(config).path)
        }
        return try Model(contentsOf: path)
    }

    static func tensor(_ path: String) throws -> Tensor {
        let array = try NPYArray(contentsOf: directory.appendingPathComponent(path).path)
        return try Tensor(shape: array.shape, values: array.floatValues())
    }

    @Test func fixturesExist() {
        #expect(Self.fixtures.count >= 40)
        #expect(Self.mustBePlanned.isSubset(of: Set(Self.fixtures.map(\.name))))
    }

    @Test(arguments: fixtures)
    func plannedMatchesKerasAndGenericGraph(_ fixture: Fixture) throws {
        // Loading is the reader's and graph builder's business (their own tests); only loadable models are compared.
        guard let model = try? Self.load(fixture) else {
            #expect(!Self.mustBePlanned.contains(fixture.name), "\(fixture.name) does not load")
            return
        }
        if Self.mustBePlanned.contains(fixture.name) {
            #expect(model.executionPath == "planned", "\(fixture.name): \(model.executionPath)")
        }
        guard model.planned != nil else { return }
        let input = try Self.tensor(fixture.input), expected = try Self.tensor(fixture.output)
        let planned = try model.predict([input])
        expectClose(planned[0], expected.shape, expected.values, tolerance: fixture.tolerance)
        let generic = try model.graph.forward([input])
        expectClose(planned[0], generic[0].shape, generic[0].values, tolerance: 1e-5)
        for threads in [1, 2, 3] {
            let split = try model.predict([input], options: PredictOptions(threads: threads))
            // Splitting changes GEMM row counts and so OpenBLAS's blocking: equal up to float rounding.
            expectClose(split[0], planned[0].shape, planned[0].values, tolerance: 1e-6)
        }
    }

    @Test func bufferPredictMatchesTensorPredictAndChecksSizes() throws {
        let fixture = try #require(Self.fixtures.first { $0.name == "ecg_like" })
        let model = try Self.load(fixture)
        let input = try Self.tensor(fixture.input)
        let expected = try model.predict([input])[0]
        var output = [Float](repeating: .nan, count: expected.values.count)
        try input.values.withUnsafeBufferPointer { input in
            try output.withUnsafeMutableBufferPointer { output in
                try model.predict(batch: expected.shape[0], input: input, output: output)
            }
        }
        // Same plan, same input; OpenBLAS's thread count (set process-wide by other suites running in parallel)
        // may change its summation order, so compare within float rounding rather than bit for bit.
        expectClose(try Tensor(shape: expected.shape, values: output), expected.shape, expected.values, tolerance: 1e-6)
        expectError(containing: "buffer predict") {
            try input.values.withUnsafeBufferPointer { input in
                try output.withUnsafeMutableBufferPointer { output in
                    try model.predict(batch: expected.shape[0] + 1, input: input, output: output)
                }
            }
        }
    }

    @Test func concurrentSplitBatchesAgree() async throws {
        let fixture = try #require(Self.fixtures.first { $0.name == "ecg_like" })
        let model = try Self.load(fixture)
        let rows = try Self.tensor(fixture.input)
        let perSample = rows.values.count / rows.shape[0]
        // 32 windows: past the batch-split threshold, so each call also uses the helper thread.
        let values = (0..<32).flatMap { i in rows.values[(i % rows.shape[0]) * perSample ..< (i % rows.shape[0] + 1) * perSample] }
        let input = try Tensor(shape: [32] + rows.shape.dropFirst(), values: values)
        let expected = try model.predict([input])[0]
        let results = try await withThrowingTaskGroup(of: Tensor.self) { group in
            for _ in 0..<8 { group.addTask { try model.predict([input])[0] } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        for result in results { expectClose(result, expected.shape, expected.values, tolerance: 1e-6) }
    }

    @Test func arenasAreReusedAcrossBatchSizes() throws {
        let fixture = try #require(Self.fixtures.first { $0.name == "ecg_like" })
        let model = try Self.load(fixture)
        let input = try Self.tensor(fixture.input)
        let perSample = input.values.count / input.shape[0]
        let whole = try model.predict([input])[0]
        let outputPerSample = whole.values.count / input.shape[0]
        // Larger, then smaller batches through the same pooled arenas give the same rows.
        for batch in [input.shape[0], 1, input.shape[0], 2] where batch <= input.shape[0] {
            let slice = try Tensor(shape: [batch] + input.shape.dropFirst(), values: Array(input.values[0..<(batch * perSample)]))
            let result = try model.predict([slice])[0]
            expectClose(result, [batch] + whole.shape.dropFirst(), Array(whole.values[0..<(batch * outputPerSample)]),
                        tolerance: 1e-6)
        }
    }

    /// GRU without `reset_after` (Keras 2 default) has no single-output fixture: compare with the generic graph,
    /// at batch 1 and 3 (one GEMV per sample) and 6 (GEMM), returning sequences or the last state.
    @Test(arguments: [(false, true), (false, false), (true, true), (true, false)])
    func plannedGRUMatchesGenericGraph(resetAfter: Bool, returnSequences: Bool) throws {
        let units = 5, features = 3, steps = 7
        let model = try Build.sequential([nil, steps, features], [
            Build.layer("gru", "GRU", [
                "units": .int(units), "reset_after": .bool(resetAfter), "return_sequences": .bool(returnSequences),
            ], weights: [
                Build.random("kernel", [features, 3 * units], seed: 11),
                Build.random("recurrent_kernel", [units, 3 * units], seed: 12),
                Build.random("bias", resetAfter ? [2, 3 * units] : [3 * units], seed: 13),
            ]),
        ])
        #expect(model.executionPath == "planned")
        for batch in [1, 3, 6] {  // GEMV per sample up to 4, GEMM above
            let input = try Tensor(shape: [batch, steps, features], values: Build.values(batch * steps * features, seed: 14))
            let planned = try model.predict([input])[0]
            let generic = try model.graph.forward([input])[0]
            expectClose(planned, generic.shape, generic.values, tolerance: 1e-5)
        }
    }

    /// LSTM through every schedule: one GEMV per sample (batch ≤ 4), GEMM (6), and the per-step variant once the
    /// hoisted pre-activations pass 1 MiB (48 × 50 steps × 128 gates × 4 bytes), split over two threads or not.
    @Test(arguments: [true, false])
    func plannedLSTMMatchesGenericGraphForEverySchedule(returnSequences: Bool) throws {
        let units = 32, features = 4, steps = 50
        let model = try Build.sequential([nil, steps, features], [
            Build.layer("lstm", "LSTM", ["units": .int(units), "return_sequences": .bool(returnSequences)], weights: [
                Build.random("kernel", [features, 4 * units], seed: 21),
                Build.random("recurrent_kernel", [units, 4 * units], seed: 22),
                Build.random("bias", [4 * units], seed: 23),
            ]),
        ])
        #expect(model.executionPath == "planned")
        #expect(KernelChoice.lstm(batch: 48, steps: steps, units: units) == .perStep)
        #expect(KernelChoice.lstm(batch: 6, steps: steps, units: units) == .hoistedInput)
        for batch in [1, 3, 6, 48] {
            let input = try Tensor(shape: [batch, steps, features], values: Build.values(batch * steps * features, seed: 24))
            let generic = try model.graph.forward([input])[0]
            for threads in [1, 2] {
                let planned = try model.predict([input], options: PredictOptions(threads: threads))[0]
                expectClose(planned, generic.shape, generic.values, tolerance: 1e-5)
            }
        }
    }

    @Test func unplannedLayersFallBackWithAReason() throws {
        let model = try Build.sequential([nil, 8, 2], [
            Build.layer("rnn", "SimpleRNN", ["units": .int(3)], weights: [
                Build.random("kernel", [2, 3], seed: 1), Build.random("recurrent_kernel", [3, 3], seed: 2),
                Build.random("bias", [3], seed: 3),
            ]),
        ])
        #expect(model.executionPath.hasPrefix("generic ("))
        #expect(model.executionPath.contains("SimpleRNN"))
        #expect(model.flopsPerSample == nil)
    }
}
