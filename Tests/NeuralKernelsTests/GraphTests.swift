import Foundation
import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

@Suite struct GraphTests {
    /// Two inputs; a Dense shared by both (two calls, one set of weights); Add, Concatenate(axis: -1), Subtract.
    func twoInputModel() throws -> Model {
        let shared = Build.layer("shared", "Dense", ["units": .int(2)], weights: [
            Build.weight("kernel", [2, 2], [1, 0, 0, 2]), Build.weight("bias", [2], [1, -1]),
        ], inbound: [[KerasNodeRef(layer: "a")], [KerasNodeRef(layer: "b")]])
        return try Build.functional([
            Build.input("a", [nil, 2]),
            Build.input("b", [nil, 2]),
            shared,
            Build.layer("sum", "Add", inbound: [[KerasNodeRef(layer: "shared", nodeIndex: 0),
                                                 KerasNodeRef(layer: "shared", nodeIndex: 1)]]),
            Build.layer("joined", "Concatenate", ["axis": .int(-1)],
                        inbound: [[KerasNodeRef(layer: "sum"), KerasNodeRef(layer: "a")]]),
            Build.layer("difference", "Subtract", inbound: [[KerasNodeRef(layer: "a"), KerasNodeRef(layer: "b")]]),
        ], inputs: ["a", "b"], outputs: [KerasNodeRef(layer: "joined"), KerasNodeRef(layer: "difference")])
    }

    @Test func functionalGraphWithSharedLayerAndMerges() throws {
        let model = try twoInputModel()
        #expect(model.inputs == [TensorSpec(name: "a", shape: [nil, 2]), TensorSpec(name: "b", shape: [nil, 2])])
        #expect(model.outputs.map(\.shape) == [[nil, 4], [nil, 2]])
        #expect(model.parameterCount == 6)
        let outputs = try model.predict([Tensor(shape: [1, 2], values: [1, 2]), Tensor(shape: [1, 2], values: [3, 4])])
        // shared(a) = [2, 3], shared(b) = [4, 7]; sum = [6, 10]; joined = [6, 10, 1, 2]; a − b = [−2, −2].
        expectClose(outputs[0], [1, 4], [6, 10, 1, 2])
        expectClose(outputs[1], [1, 2], [-2, -2])
    }

    @Test func nestedSequentialModelRunsAsSubgraph() throws {
        let inner = KerasGraph(kind: .sequential, name: "inner", layers: [
            Build.layer("scale", "Dense", ["units": .int(1), "use_bias": .bool(false)],
                        weights: [Build.weight("kernel", [2, 1], [3, -1])]),
            Build.layer("act", "Activation", ["activation": .string("relu")]),
        ], sequentialInputShape: [nil, 2])
        var nested = Build.layer("inner", "Sequential", inbound: [[KerasNodeRef(layer: "x")]])
        nested.nestedGraph = inner
        let model = try Build.functional([Build.input("x", [nil, 2]), nested], inputs: ["x"],
                                         outputs: [KerasNodeRef(layer: "inner")])
        let output = try model.predict([Tensor(shape: [2, 2], values: [1, 1, 0, 1])])[0]
        expectClose(output, [2, 1], [2, 0])
        #expect(model.parameterCount == 2)
        #expect(model.layers.map(\.className) == ["InputLayer", "Sequential"])
    }

    @Test func broadcastingMergeInsertsAxesAfterBatch() throws {
        let model = try Build.functional([
            Build.input("seq", [nil, 3, 2]),
            Build.input("vec", [nil, 2]),
            Build.layer("mul", "Multiply", inbound: [[KerasNodeRef(layer: "seq"), KerasNodeRef(layer: "vec")]]),
        ], inputs: ["seq", "vec"], outputs: [KerasNodeRef(layer: "mul")])
        let output = try model.predict([
            Tensor(shape: [1, 3, 2], values: [1, 2, 3, 4, 5, 6]), Tensor(shape: [1, 2], values: [10, -1]),
        ])[0]
        expectClose(output, [1, 3, 2], [10, -2, 30, -4, 50, -6])
    }

    @Test func shapeLayers() throws {
        let x = try Tensor(shape: [1, 3, 2], values: [1, 2, 3, 4, 5, 6])
        func run(_ layers: [KerasLayer]) throws -> Tensor { try Build.sequential([nil, 3, 2], layers).predict([x])[0] }
        expectClose(try run([Build.layer("f", "Flatten")]), [1, 6], [1, 2, 3, 4, 5, 6])
        expectClose(try run([Build.layer("r", "Reshape", ["target_shape": .ints([2, -1])])]), [1, 2, 3], [1, 2, 3, 4, 5, 6])
        expectClose(try run([Build.layer("p", "Permute", ["dims": .ints([2, 1])])]), [1, 2, 3], [1, 3, 5, 2, 4, 6])
        expectClose(try run([Build.layer("z", "ZeroPadding1D", ["padding": .ints([1, 0])])]), [1, 4, 2],
                    [0, 0, 1, 2, 3, 4, 5, 6])
        expectClose(try run([Build.layer("c", "Cropping1D", ["cropping": .ints([0, 2])])]), [1, 1, 2], [1, 2])
        expectClose(try run([Build.layer("u", "UpSampling1D", ["size": .int(2)])]), [1, 6, 2],
                    [1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6])
        expectClose(try run([Build.layer("g", "GlobalMaxPooling1D"), Build.layer("rv", "RepeatVector", ["n": .int(2)])]),
                    [1, 2, 2], [5, 6, 5, 6])
        expectClose(try run([Build.layer("d", "Dropout", ["rate": .number(0.5)]),
                             Build.layer("s", "Softmax", ["axis": .int(1)])]),
                    [1, 3, 2], softmaxColumns([1, 2, 3, 4, 5, 6]))
    }

    private func softmaxColumns(_ values: [Float]) -> [Float] {
        var out = values
        for column in 0..<2 {
            let e = (0..<3).map { exp(values[$0 * 2 + column]) }
            let total = e.reduce(0, +)
            for row in 0..<3 { out[row * 2 + column] = e[row] / total }
        }
        return out
    }

    @Test func timeDistributedDenseAndPReLU() throws {
        let model = try Build.sequential([nil, 2, 2], [
            Build.layer("td", "TimeDistributed", ["layer": .object([
                "class_name": .string("Dense"), "config": .object(["units": .int(1), "name": .string("dense")]),
            ])], weights: [Build.weight("kernel", [2, 1], [1, -1]), Build.weight("bias", [1], [0])]),
            Build.layer("prelu", "PReLU", ["shared_axes": .ints([1])], weights: [Build.weight("alpha", [1, 1], [0.5])]),
        ])
        let output = try model.predict([Tensor(shape: [1, 2, 2], values: [3, 1, 1, 5])])[0]
        expectClose(output, [1, 2, 1], [2, -2])
    }

    @Test func layerNormalizationOverLastAxis() throws {
        let model = try Build.sequential([nil, 4], [
            Build.layer("ln", "LayerNormalization", ["axis": .ints([-1]), "epsilon": .number(0)], weights: [
                Build.weight("gamma", [4], [1, 1, 2, 2]), Build.weight("beta", [4], [0, 1, 0, 0]),
            ]),
        ])
        let output = try model.predict([Tensor(shape: [1, 4], values: [1, 2, 3, 4])])[0]
        let std = Float(1.25).squareRoot()
        expectClose(output, [1, 4], [-1.5 / std, -0.5 / std + 1, 2 * 0.5 / std, 2 * 1.5 / std])
    }

    @Test func layerNormalizationOverInnerAxis() throws {
        let model = try Build.sequential([nil, 2, 2], [
            Build.layer("ln", "LayerNormalization", ["axis": .int(1), "epsilon": .number(0)], weights: [
                Build.weight("gamma", [2], [1, 2]), Build.weight("beta", [2], [0, 0.5]),
            ]),
        ])
        // Columns [1, 3] and [2, 6] each normalise to [−1, 1]; row 0 gets γ=1, β=0, row 1 γ=2, β=0.5.
        let output = try model.predict([Tensor(shape: [1, 2, 2], values: [1, 2, 3, 6])])[0]
        expectClose(output, [1, 2, 2], [-1, -1, 2.5, 2.5])
    }

    @Test func concurrentPredictionsAgree() async throws {
        let model = try Build.sequential([nil, 20, 3], [
            Build.layer("conv", "Conv1D", ["filters": .int(4), "kernel_size": .int(5), "padding": .string("same")],
                        weights: [Build.random("k", [5, 3, 4], seed: 1), Build.random("b", [4], seed: 2)]),
            Build.layer("lstm", "LSTM", ["units": .int(3)], weights: [
                Build.random("k", [4, 12], seed: 3), Build.random("u", [3, 12], seed: 4), Build.random("b", [12], seed: 5),
            ]),
        ])
        let input = try Tensor(shape: [4, 20, 3], values: Build.values(240, seed: 6))
        let expected = try model.predict([input])
        let results = try await withThrowingTaskGroup(of: [Tensor].self) { group in
            for _ in 0..<8 { group.addTask { try model.predict([input]) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
        // Batched rows give the same numbers as rows run alone.
        let single = try model.predict([Tensor(shape: [1, 20, 3], values: Array(input.values[60..<120]))])[0]
        expectClose(single, [1, 3], Array(expected[0].values[3..<6]))
    }
}

@Suite struct ErrorTests {
    @Test func unsupportedLayersAndOptionsAreNamed() {
        expectError(containing: "class Conv2D is not supported") {
            _ = try Build.sequential([nil, 4, 4, 1], [Build.layer("conv2d", "Conv2D", ["filters": .int(1)])])
        }
        expectError(containing: "data_format=channels_first") {
            _ = try Build.sequential([nil, 4, 2], [Build.layer("c", "Conv1D", [
                "filters": .int(1), "kernel_size": .int(1), "data_format": .string("channels_first"),
            ])])
        }
        expectError(containing: "padding=full") {
            _ = try Build.sequential([nil, 4, 1], [Build.layer("c", "Conv1D", [
                "filters": .int(1), "kernel_size": .int(1), "padding": .string("full"),
            ], weights: [Build.weight("k", [1, 1, 1], [1]), Build.weight("b", [1], [0])])])
        }
        expectError(containing: "class Masking is not supported") {
            _ = try Build.sequential([nil, 4, 1], [Build.layer("mask", "Masking")])
        }
    }

    @Test func badWeightsAreReported() {
        expectError(containing: "bad weights: kernel has shape [3, 2], expected [2, 2]") {
            _ = try Build.sequential([nil, 2], [Build.layer("d", "Dense", ["units": .int(2)], weights: [
                Build.weight("kernel", [3, 2], [Float](repeating: 0, count: 6)), Build.weight("bias", [2], [0, 0]),
            ])])
        }
        expectError(containing: "expected 2 weight arrays, the file holds 1") {
            _ = try Build.sequential([nil, 2], [Build.layer("d", "Dense", ["units": .int(2)], weights: [
                Build.weight("kernel", [2, 2], [0, 0, 0, 0]),
            ])])
        }
    }

    @Test func graphErrors() {
        expectError(containing: "not produced by any layer call") {
            _ = try Build.functional([Build.input("x", [nil, 2])], inputs: ["x"], outputs: [KerasNodeRef(layer: "y")])
        }
        expectError(containing: "wait for inputs") {
            _ = try Build.functional([
                Build.input("x", [nil, 2]),
                Build.layer("a", "Activation", ["activation": .string("relu")], inbound: [[KerasNodeRef(layer: "b")]]),
                Build.layer("b", "Activation", ["activation": .string("relu")], inbound: [[KerasNodeRef(layer: "a")]]),
            ], inputs: ["x"], outputs: [KerasNodeRef(layer: "b")])
        }
        expectError(containing: "does not declare its input shape") {
            _ = try Build.sequential(nil, [Build.layer("d", "Dropout")])
        }
    }

    @Test func hostileSizesAreRefusedNotAllocated() throws {
        expectError(containing: "exceeds the supported maximum") {
            _ = try Build.sequential([nil, 4, 1], [Build.layer("c", "Conv1D", [
                "filters": .int(1), "kernel_size": .int(2), "dilation_rate": .number(1e14),
            ], weights: [Build.weight("k", [2, 1, 1], [1, 1]), Build.weight("b", [1], [0])])])
        }
        // 2⁴⁴ floats per sample: refused when the plan is compiled, at load.
        expectError(containing: "RepeatVector): unsupported output size") {
            _ = try Build.sequential([nil, 1 << 20], [Build.layer("r", "RepeatVector", ["n": .int(1 << 24)])])
        }
        expectError(containing: "exceeds the supported maximum") {
            _ = try Build.sequential([nil, 2], [Build.layer("r", "Reshape", ["target_shape": .ints([1 << 30, -1])])])
        }
        #expect(throws: NeuralKernelsError.self) { _ = try Tensor(shape: [1 << 40, 1 << 40], values: []) }
    }

    @Test func predictRejectsWrongInputs() throws {
        let model = try Build.sequential([nil, 3, 1], [Build.layer("f", "Flatten")])
        expectError(containing: "expected (None, 3, 1), got (2, 4, 1)") {
            _ = try model.predict([Tensor(zeros: [2, 4, 1])])
        }
        expectError(containing: "expected 1 tensors, got 2") {
            _ = try model.predict([Tensor(zeros: [1, 3, 1]), Tensor(zeros: [1, 3, 1])])
        }
        #expect(throws: NeuralKernelsError.self) { _ = try Tensor(shape: [2, 2], values: [1, 2, 3]) }
        // A variable-length model gets one plan per input length; a length shorter than the kernel is a typed
        // error rather than a crash.
        let conv = try Build.sequential([nil, nil, 1], [Build.layer("c", "Conv1D", [
            "filters": .int(1), "kernel_size": .int(5)], weights: [Build.weight("k", [5, 1, 1], [1, 1, 1, 1, 1]),
                                                                   Build.weight("b", [1], [0])])])
        expectError(containing: "input shorter than the kernel") {
            _ = try conv.predict([Tensor(zeros: [1, 3, 1])])
        }
        expectClose(try conv.predict([Tensor(shape: [1, 6, 1], values: [1, 2, 3, 4, 5, 6])])[0], [1, 2, 1], [15, 20])
        expectClose(try conv.predict([Tensor(shape: [2, 5, 1], values: [Float](repeating: 1, count: 10))])[0], [2, 1, 1],
                    [5, 5])
    }
}
