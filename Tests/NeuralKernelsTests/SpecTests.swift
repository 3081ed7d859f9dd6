import Foundation
import Testing
@testable import NeuralKernels

/// Models described directly as specs, with no file format involved.
@Suite struct SpecTests {
    /// y = softmax(concat(relu(a·Wa), b·Wb) · Wh + bh), computed by hand.
    @Test func twoInputGraphOfSpecsMatchesHandComputation() throws {
        let wa = try Tensor(shape: [2, 2], values: [1, -1, 0.5, 2])
        let wb = try Tensor(shape: [1, 1], values: [3])
        let wh = try Tensor(shape: [3, 2], values: [1, 0, 0, 1, 1, -1])
        let bh = try Tensor(shape: [2], values: [0.25, -0.25])
        let graph = GraphSpec(kind: .functional, name: "two_inputs", layers: [
            GraphSpec.Layer(name: "a", className: "Input", spec: .input(shape: [nil, 2])),
            GraphSpec.Layer(name: "b", className: "Input", spec: .input(shape: [nil, 1])),
            GraphSpec.Layer(name: "da", className: "Dense",
                            spec: .dense(try DenseSpec(units: 2, activation: .plainReLU, kernel: wa)),
                            calls: [[GraphSpec.TensorRef(layer: "a")]]),
            GraphSpec.Layer(name: "db", className: "Dense", spec: .dense(try DenseSpec(units: 1, kernel: wb)),
                            calls: [[GraphSpec.TensorRef(layer: "b")]]),
            GraphSpec.Layer(name: "both", className: "Concatenate", spec: .concatenate(ConcatenateSpec()),
                            calls: [[GraphSpec.TensorRef(layer: "da"), GraphSpec.TensorRef(layer: "db")]]),
            GraphSpec.Layer(name: "head", className: "Dense",
                            spec: .dense(try DenseSpec(units: 2, activation: .softmax(axis: -1), kernel: wh, bias: bh)),
                            calls: [[GraphSpec.TensorRef(layer: "both")]]),
        ], inputs: [GraphSpec.TensorRef(layer: "a"), GraphSpec.TensorRef(layer: "b")],
           outputs: [GraphSpec.TensorRef(layer: "head")])
        let model = try Model(graph: graph)
        #expect(model.parameterCount == 4 + 1 + 6 + 2)
        let a: [Float] = [1, 2, -1, 0.5], b: [Float] = [0.5, -1]
        var expected: [Float] = []
        for row in 0..<2 {
            let x = Array(a[(row * 2)..<(row * 2 + 2)])
            let hidden = [max(0, x[0] * 1 + x[1] * 0.5), max(0, x[0] * -1 + x[1] * 2), b[row] * 3]
            let logits = [hidden[0] * 1 + hidden[2] * 1 + 0.25, hidden[1] * 1 + hidden[2] * -1 - 0.25]
            let top = logits.max()!
            let exps = logits.map { Float(Foundation.exp(Double($0 - top))) }
            expected += exps.map { $0 / exps.reduce(0, +) }
        }
        let inputs = [try Tensor(shape: [2, 2], values: a), try Tensor(shape: [2, 1], values: b)]
        expectClose(try model.predict(inputs)[0], [2, 2], expected, tolerance: 1e-6)
        expectClose(try model.graph.forward(inputs)[0], [2, 2], expected, tolerance: 1e-6)
    }

    @Test func specsValidateTheirOwnValuesAndWeights() throws {
        let kernel = try Tensor(shape: [3, 1, 4], values: [Float](repeating: 0, count: 12))
        #expect(throws: NeuralKernelsError.badConfig(layer: "", className: "Conv1D", key: "filters",
                                                     reason: "must be at least 1, got 0")) {
            try Conv1DSpec(filters: 0, kernelSize: 3, kernel: kernel)
        }
        #expect(throws: NeuralKernelsError.badConfig(layer: "", className: "Conv1D", key: "groups",
                                                     reason: "3 must divide the filters (4)")) {
            try Conv1DSpec(filters: 4, kernelSize: 3, groups: 3, kernel: kernel)
        }
        #expect(throws: NeuralKernelsError.badWeights(layer: "", className: "Dense",
                                                      reason: "kernel has shape [3, 1, 4], expected (None, 2)")) {
            try DenseSpec(units: 2, kernel: kernel)
        }
        let named = NeuralKernelsError.badConfig(layer: "", className: "Conv1D", key: "filters", reason: "r")
            .naming(layer: "conv", className: "Conv1D")
        #expect(named == .badConfig(layer: "conv", className: "Conv1D", key: "filters", reason: "r"))
    }

    @Test func aSpecThatDoesNotFitItsInputIsRefusedByName() throws {
        let dense = try DenseSpec(units: 2, kernel: try Tensor(shape: [3, 2], values: [Float](repeating: 0, count: 6)))
        let graph = GraphSpec(kind: .sequential, name: "s", layers: [
            GraphSpec.Layer(name: "x", className: "Input", spec: .input(shape: [nil, 2])),
            GraphSpec.Layer(name: "d", className: "Dense", spec: .dense(dense)),
        ])
        expectError(containing: "layer 'd' (Dense): bad weights: kernel has shape [3, 2], expected [2, 2]") {
            _ = try Model(graph: graph)
        }
    }
}
