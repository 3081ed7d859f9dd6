import Foundation
import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

/// The planned forward (fused kernels over pooled arenas) against Keras's own outputs from the committed fixtures,
/// and against the generic layer-by-layer graph.
/// Serialized: the fixture cases are CPU-bound and synchronous; run one at a time they leave the other cooperative
/// thread to the suites that need to be scheduled promptly (the HTTP service's queue tests).
@Suite(.serialized)
struct PlannedPathTests {
    struct Fixture: Sendable, CustomStringConvertible {
        var name: String
        var model: String
        var config: String?
        var inputs: [String]
        var outputs: [String]
        var tolerance: Float
        var description: String { name }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every fixture of the manifest.
    static let fixtures: [Fixture] = {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent("manifest.json").path),
            let manifest = try? JSONValue(parsing: data), let entries = manifest["fixtures"]?.arrayValue
        else { return [] }
        return entries.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let model = entry["model"]?.stringValue,
                let inputs = entry["inputs"]?.arrayValue?.compactMap(\.stringValue), !inputs.isEmpty,
                let outputs = entry["outputs"]?.arrayValue?.compactMap(\.stringValue), !outputs.isEmpty
            else { return nil }
            return Fixture(name: name, model: model, config: entry["config"]?.stringValue, inputs: inputs,
                           outputs: outputs, tolerance: Float(entry["tolerance"]?.doubleValue ?? 1e-4))
        }
    }()

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
        #expect(Self.fixtures.count >= 50)
        #expect(Self.fixtures.contains { $0.name == "rnn_time_major" })
    }

    @Test(arguments: fixtures)
    func plannedMatchesKerasAndGenericGraph(_ fixture: Fixture) throws {
        // Every fixture with expected outputs loads and compiles into a plan (there is no other production path).
        let model = try Self.load(fixture)
        #expect((model.planStepCount ?? 0) >= 1)
        let inputs = try fixture.inputs.map(Self.tensor), expected = try fixture.outputs.map(Self.tensor)
        let planned = try model.predict(inputs)
        let generic = try model.graph.forward(inputs)
        #expect(planned.count == expected.count && generic.count == expected.count)
        var worst: Float = 0
        for (index, output) in planned.enumerated() where index < expected.count && index < generic.count {
            worst = max(worst, expectClose(output, expected[index].shape, expected[index].values, tolerance: fixture.tolerance))
            expectClose(output, generic[index].shape, generic[index].values, tolerance: 1e-5)
        }
        if ProcessInfo.processInfo.environment["PARITY_REPORT"] != nil {
            print("parity \(fixture.name): worst |planned − Keras| = \(worst)")
        }
        for threads in [1, 2, 3] {
            let split = try model.predict(inputs, options: PredictOptions(threads: threads))
            // Splitting changes GEMM row counts and so OpenBLAS's blocking: equal up to float rounding.
            for (index, output) in split.enumerated() {
                expectClose(output, planned[index].shape, planned[index].values, tolerance: 1e-6)
            }
        }
        // The caller-buffer entry point writes the same values.
        let batch = inputs[0].shape[0]
        var buffers = (0..<model.outputs.count).map { [Float](repeating: .nan, count: model.outputShape($0, batch: batch).reduce(1, *)) }
        try Self.withBuffers(inputs.map(\.values), &buffers) { sources, targets in
            try model.predict(batch: batch, inputs: sources, outputs: targets)
        }
        for (index, buffer) in buffers.enumerated() where index < planned.count {
            expectClose(try Tensor(shape: planned[index].shape, values: buffer), planned[index].shape, planned[index].values,
                        tolerance: 1e-6)
        }
    }

    /// Runs `body` with buffer lists over `inputs` and `outputs`.
    static func withBuffers(
        _ inputs: [[Float]], _ outputs: inout [[Float]],
        _ body: (UnsafeBufferPointer<UnsafeBufferPointer<Float>>, UnsafeBufferPointer<UnsafeMutableBufferPointer<Float>>) throws -> Void
    ) throws {
        let sources = inputs.map { values -> UnsafeMutableBufferPointer<Float> in
            let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: values.count)
            _ = buffer.initialize(from: values)
            return buffer
        }
        let targets = outputs.map { UnsafeMutableBufferPointer<Float>.allocate(capacity: $0.count) }
        defer {
            sources.forEach { $0.deallocate() }
            targets.forEach { $0.deallocate() }
        }
        try sources.map { UnsafeBufferPointer($0) }.withUnsafeBufferPointer { sourceList in
            try targets.withUnsafeBufferPointer { targetList in try body(sourceList, targetList) }
        }
        for (index, target) in targets.enumerated() { outputs[index] = Array(target) }
    }

    /// The bundled two-input model (a convolution + LSTM branch and a Dense branch joined by Concatenate) runs on
    /// the planned path and agrees with the layer-by-layer reference, through both predict entry points.
    @Test func bundledTwoInputModelIsPlanned() throws {
        let path = Self.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Weights/ecg_model.h5").path
        let model = try Model(contentsOf: path)
        #expect(model.inputs.count == 2)
        let plan = try #require(model.planned?.plan)
        // 4 × (conv with its BatchNormalization and ReLU fused, pool), LSTM, 2 Dense, concat, 2 Dense.
        #expect(plan.steps.count == 14)
        for batch in [1, 3, 8] {
            let inputs = try model.inputs.enumerated().map { index, spec in
                let shape = [batch] + spec.shape.dropFirst().map { $0 ?? 1 }
                return try Tensor(shape: shape, values: Build.values(shape.reduce(1, *), seed: UInt64(31 + index)))
            }
            let generic = try model.graph.forward(inputs)
            for threads in [1, 2] {
                let planned = try model.predict(inputs, options: PredictOptions(threads: threads))
                expectClose(planned[0], generic[0].shape, generic[0].values, tolerance: 1e-5)
            }
            var output = [Float](repeating: .nan, count: generic[0].values.count)
            try inputs[0].values.withUnsafeBufferPointer { first in
                try inputs[1].values.withUnsafeBufferPointer { second in
                    try output.withUnsafeMutableBufferPointer { output in
                        try [first, second].withUnsafeBufferPointer { sources in
                            try [output].withUnsafeBufferPointer { targets in
                                try model.predict(batch: batch, inputs: sources, outputs: targets)
                            }
                        }
                    }
                }
            }
            expectClose(try Tensor(shape: generic[0].shape, values: output), generic[0].shape, generic[0].values,
                        tolerance: 1e-5)
        }
    }

    /// A residual DAG: a convolution read by two branches that meet again in an Add. The BatchNormalization after
    /// the shared convolution must not be fused into it (the convolution's output has two readers), the one on a
    /// branch may be; the plan agrees with the layer-by-layer reference.
    @Test func residualBranchesArePlannedWithoutFusingSharedValues() throws {
        let (length, channels) = (12, 4)
        func bn(_ name: String, _ input: String, seed: UInt64) -> KerasLayer {
            Build.layer(name, "BatchNormalization", [:], weights: [
                Build.random("gamma", [channels], seed: seed), Build.random("beta", [channels], seed: seed + 1),
                Build.random("mean", [channels], seed: seed + 2),
                Build.weight("variance", [channels], Build.values(channels, seed: seed + 3).map { abs($0) + 0.5 }),
            ], inbound: [[KerasNodeRef(layer: input)]])
        }
        func conv(_ name: String, _ input: String, seed: UInt64) -> KerasLayer {
            Build.layer(name, "Conv1D", ["filters": .int(channels), "kernel_size": .int(3), "padding": .string("same")],
                        weights: [Build.random("kernel", [3, channels, channels], seed: seed),
                                  Build.random("bias", [channels], seed: seed + 1)],
                        inbound: [[KerasNodeRef(layer: input)]])
        }
        let model = try Build.functional([
            Build.input("x", [nil, length, 2]),
            Build.layer("stem", "Conv1D", ["filters": .int(channels), "kernel_size": .int(1)],
                        weights: [Build.random("kernel", [1, 2, channels], seed: 40), Build.random("bias", [channels], seed: 41)],
                        inbound: [[KerasNodeRef(layer: "x")]]),
            bn("shared_bn", "stem", seed: 50),
            conv("branch", "stem", seed: 60),
            bn("branch_bn", "branch", seed: 70),
            Build.layer("relu", "Activation", ["activation": .string("relu")], inbound: [[KerasNodeRef(layer: "branch_bn")]]),
            Build.layer("sum", "Add", [:], inbound: [[KerasNodeRef(layer: "shared_bn"), KerasNodeRef(layer: "relu")]]),
            Build.layer("both", "Concatenate", [:], inbound: [[KerasNodeRef(layer: "sum"), KerasNodeRef(layer: "stem")]]),
        ], inputs: ["x"], outputs: [KerasNodeRef(layer: "both"), KerasNodeRef(layer: "sum")])
        let plan = try #require(model.planned?.plan)
        // stem, shared_bn (element-wise), branch (+ branch_bn + relu), sum, both.
        #expect(plan.steps.count == 5)
        for batch in [1, 5] {
            let input = try Tensor(shape: [batch, length, 2], values: Build.values(batch * length * 2, seed: 80))
            let generic = try model.graph.forward([input])
            let planned = try model.predict([input], options: PredictOptions(threads: 2))
            #expect(planned.count == 2)
            for (index, output) in planned.enumerated() {
                expectClose(output, generic[index].shape, generic[index].values, tolerance: 1e-5)
            }
        }
    }

    @Test func bufferPredictMatchesTensorPredictAndChecksSizes() throws {
        let fixture = try #require(Self.fixtures.first { $0.name == "ecg_like" })
        let model = try Self.load(fixture)
        let input = try Self.tensor(fixture.inputs[0])
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
        let rows = try Self.tensor(fixture.inputs[0])
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
        let input = try Self.tensor(fixture.inputs[0])
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

    /// Softmax along the time axis is its own step (the epilogues normalise rows of the last axis only).
    @Test func softmaxOnTheTimeAxisIsPlanned() throws {
        let model = try Build.sequential([nil, 8, 2], [Build.layer("sm", "Softmax", ["axis": .int(1)])])
        #expect(model.planStepCount == 1)
        let input = try Tensor(shape: [3, 8, 2], values: Build.values(48, seed: 5))
        let generic = try model.graph.forward([input])[0]
        expectClose(try model.predict([input])[0], generic.shape, generic.values, tolerance: 1e-6)
    }

    /// TimeDistributed around a convolution runs the convolution's own plan on batch · steps samples.
    @Test func timeDistributedConvolutionIsPlanned() throws {
        let model = try Build.sequential([nil, 3, 8, 2], [
            Build.layer("td", "TimeDistributed", ["layer": .object([
                "class_name": .string("Conv1D"),
                "config": .object(["filters": .int(4), "kernel_size": .int(3), "name": .string("conv")]),
            ])], weights: [Build.random("kernel", [3, 2, 4], seed: 3), Build.random("bias", [4], seed: 4)]),
        ])
        #expect(model.planStepCount == 1)
        for batch in [1, 3] {
            let input = try Tensor(shape: [batch, 3, 8, 2], values: Build.values(batch * 48, seed: 5))
            let generic = try model.graph.forward([input])[0]
            #expect(generic.shape == [batch, 3, 6, 4])
            for threads in [1, 2] {
                expectClose(try model.predict([input], options: PredictOptions(threads: threads))[0], generic.shape,
                            generic.values, tolerance: 1e-5)
            }
        }
    }

    /// What the planner does not compile is a typed error at load, naming the layer, never a slower fallback.
    @Test func unplannableLayersAreATypedErrorAtLoad() throws {
        let units = 3, features = 2
        let lstm = Build.layer("state", "LSTM", [
            "units": .int(units), "time_major": .bool(true), "return_state": .bool(true),
        ], weights: [
            Build.random("kernel", [features, 4 * units], seed: 1),
            Build.random("recurrent_kernel", [units, 4 * units], seed: 2),
            Build.random("bias", [4 * units], seed: 3),
        ], inbound: [[KerasNodeRef(layer: "x")]])
        do {
            _ = try Build.functional([Build.input("x", [nil, 4, features]), lstm], inputs: ["x"],
                                     outputs: [KerasNodeRef(layer: "state", tensorIndex: 0), KerasNodeRef(layer: "state", tensorIndex: 1)])
            Issue.record("a time-major LSTM returning its state loaded")
        } catch let error as NeuralKernelsError {
            guard case .unplannable(let reason) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(reason.contains("'state'"), "\(reason)")
        }
    }
}
