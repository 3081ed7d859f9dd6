import Foundation
import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

@Suite struct DenseAndActivationTests {
    @Test func denseComputesAffineMapAndActivation() throws {
        let model = try Build.sequential([nil, 2], [
            Build.layer("dense", "Dense", ["units": .int(3), "activation": .string("relu")], weights: [
                Build.weight("kernel", [2, 3], [1, 2, 3, 4, 5, -6]),
                Build.weight("bias", [3], [0.5, 0, -1]),
            ]),
        ])
        let output = try model.predict([Tensor(shape: [2, 2], values: [1, 2, -1, 0])])[0]
        // Row 1: [1+8+0.5, 2+10, 3-12-1] = [9.5, 12, -10] → relu. Row 2: [-1+0.5, -2, -3-1] → relu.
        expectClose(output, [2, 3], [9.5, 12, 0, 0, 0, 0])
        #expect(model.parameterCount == 9)
    }

    @Test func denseOnThreeDimensionalInputActsOnLastAxis() throws {
        let model = try Build.sequential([nil, 2, 2], [
            Build.layer("dense", "Dense", ["units": .int(1), "use_bias": .bool(false)],
                        weights: [Build.weight("kernel", [2, 1], [2, -1])]),
        ])
        let output = try model.predict([Tensor(shape: [1, 2, 2], values: [1, 1, 3, 5])])[0]
        expectClose(output, [1, 2, 1], [1, 1])
    }

    @Test func activationsMatchKerasDefinitions() throws {
        let x: [Float] = [-2, -0.5, 0, 0.5, 3]
        func run(_ activation: JSONValue, writer: KerasFileFlavour.Writer = .tfKeras) throws -> [Float] {
            let model = try Build.sequential([nil, 5], [
                Build.layer("act", "Activation", ["activation": activation]),
            ], writer: writer)
            return try model.predict([Tensor(shape: [1, 5], values: x)])[0].values
        }
        func close(_ a: [Float], _ b: [Float]) -> Bool { zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 } }
        #expect(close(try run(.string("relu6")), [0, 0, 0, 0.5, 3]))
        #expect(close(try run(.string("hard_sigmoid")), [0.1, 0.4, 0.5, 0.6, 1]))
        #expect(close(try run(.string("hard_sigmoid"), writer: .keras3), [1.0 / 6, 5.0 / 12, 0.5, 7.0 / 12, 1]))
        #expect(close(try run(.string("softsign")), x.map { $0 / (1 + abs($0)) }))
        #expect(close(try run(.string("selu")), x.map { $0 > 0 ? 1.0507009873554805 * $0 : 1.0507009873554805 * 1.6732632423543772 * (exp($0) - 1) }))
        #expect(close(try run(.string("gelu")), x.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot().float)) }))
        #expect(close(try run(.string("swish")), x.map { $0 / (1 + exp(-$0)) }))
        #expect(close(try run(.string("mish")), x.map { $0 * tanh(log(1 + exp($0))) }))
        #expect(close(try run(.string("softplus")), x.map { log(1 + exp($0)) }))
        #expect(close(try run(.object(["class_name": .string("function"), "config": .string("elu")])),
                      x.map { $0 > 0 ? $0 : exp($0) - 1 }))
        let softmax = try run(.string("softmax"))
        let e = x.map { exp($0) }
        #expect(close(softmax, e.map { $0 / e.reduce(0, +) }))
    }

    @Test func geluApproximateAndReluOptions() throws {
        let x: [Float] = [-2, -0.5, 0.5, 1, 8]
        func run(_ layer: KerasLayer) throws -> [Float] {
            try Build.sequential([nil, 5], [layer]).predict([Tensor(shape: [1, 5], values: x)])[0].values
        }
        let approximate = try run(Build.layer("g", "Activation", ["activation": .object([
            "class_name": .string("GELU"), "config": .object(["approximate": .bool(true)]),
        ])]))
        let c: Float = 0.7978845608028654
        #expect(zip(approximate, x.map { 0.5 * $0 * (1 + tanh(c * ($0 + 0.044715 * $0 * $0 * $0))) })
            .allSatisfy { abs($0 - $1) < 1e-5 })
        let exact = x.map { 0.5 * $0 * (1 + erf($0 / 2.0.squareRoot().float)) }
        #expect(zip(approximate, exact).contains { abs($0 - $1) > 1e-4 })
        let relu = try run(Build.layer("r", "ReLU", ["max_value": .number(6), "threshold": .number(0.75),
                                                     "negative_slope": .number(0.1)]))
        // x > threshold ? x : 0, clipped to 6, minus 0.1·max(threshold − x, 0).
        let expected: [Float] = x.map { v in
            var y: Float = v > 0.75 ? v : 0
            y = min(max(y, 0), 6)
            return y - 0.1 * max(0.75 - v, 0)
        }
        #expect(zip(relu, expected).allSatisfy { abs($0 - $1) < 1e-6 })
        let leaky = try run(Build.layer("l", "LeakyReLU", ["negative_slope": .number(0.5)]))
        #expect(leaky == [-1, -0.25, 0.5, 1, 8])
        let leakyTF = try run(Build.layer("l", "LeakyReLU", ["alpha": .number(0.1)]))
        #expect(zip(leakyTF, [-0.2, -0.05, 0.5, 1, 8]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test func unknownActivationIsAnError() {
        expectError(containing: "activation=log_cosh") {
            _ = try Build.sequential([nil, 2], [Build.layer("a", "Activation", ["activation": .string("log_cosh")])])
        }
    }
}

extension Double {
    var float: Float { Float(self) }
}
