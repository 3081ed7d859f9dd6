import Foundation
import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

/// Scalar reference recurrences written straight from the Keras equations, one sample at a time.
private enum Reference {
    static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// Row-major `x[t, :]·W + h·U + b` for gate block `gate` of width `units`.
    static func preactivation(x: ArraySlice<Float>, h: [Float], kernel: [Float], recurrent: [Float], bias: [Float],
                              gates: Int, units: Int, gate: Int, includeRecurrent: Bool = true) -> [Float] {
        let width = gates * units
        return (0..<units).map { j in
            var sum = bias[gate * units + j]
            for (i, value) in x.enumerated() { sum += value * kernel[i * width + gate * units + j] }
            if includeRecurrent { for (i, value) in h.enumerated() { sum += value * recurrent[i * width + gate * units + j] } }
            return sum
        }
    }

    static func lstm(_ x: [Float], steps: Int, features: Int, units: Int, kernel: [Float], recurrent: [Float],
                     bias: [Float]) -> (outputs: [[Float]], c: [Float]) {
        var h = [Float](repeating: 0, count: units), c = h
        var outputs: [[Float]] = []
        for t in 0..<steps {
            let xt = x[(t * features)..<((t + 1) * features)]
            func gate(_ g: Int) -> [Float] {
                preactivation(x: xt, h: h, kernel: kernel, recurrent: recurrent, bias: bias, gates: 4, units: units, gate: g)
            }
            let i = gate(0).map(sigmoid), f = gate(1).map(sigmoid), g = gate(2).map(tanh), o = gate(3).map(sigmoid)
            c = (0..<units).map { f[$0] * c[$0] + i[$0] * g[$0] }
            h = (0..<units).map { o[$0] * tanh(c[$0]) }
            outputs.append(h)
        }
        return (outputs, c)
    }

    static func gru(_ x: [Float], steps: Int, features: Int, units: Int, kernel: [Float], recurrent: [Float],
                    bias: [Float], resetAfter: Bool) -> [[Float]] {
        var h = [Float](repeating: 0, count: units)
        var outputs: [[Float]] = []
        let inputBias = Array(bias[0..<(3 * units)])
        let recurrentBias = resetAfter ? Array(bias[(3 * units)...]) : [Float](repeating: 0, count: 3 * units)
        let zeros = [Float](repeating: 0, count: 3 * units)
        for t in 0..<steps {
            let xt = x[(t * features)..<((t + 1) * features)]
            func input(_ g: Int) -> [Float] {
                preactivation(x: xt, h: h, kernel: kernel, recurrent: recurrent, bias: inputBias, gates: 3, units: units,
                              gate: g, includeRecurrent: false)
            }
            func hidden(_ g: Int, _ state: [Float]) -> [Float] {
                preactivation(x: [][...], h: state, kernel: kernel, recurrent: recurrent, bias: g < 3 ? recurrentBias : zeros,
                              gates: 3, units: units, gate: g)
            }
            let z = zip(input(0), hidden(0, h)).map { sigmoid($0 + $1) }
            let r = zip(input(1), hidden(1, h)).map { sigmoid($0 + $1) }
            let candidate: [Float]
            if resetAfter {
                candidate = (0..<units).map { tanh(input(2)[$0] + r[$0] * hidden(2, h)[$0]) }
            } else {
                let gated = (0..<units).map { r[$0] * h[$0] }
                candidate = (0..<units).map { tanh(input(2)[$0] + hidden(2, gated)[$0]) }
            }
            h = (0..<units).map { z[$0] * h[$0] + (1 - z[$0]) * candidate[$0] }
            outputs.append(h)
        }
        return outputs
    }
}

@Suite struct RecurrentTests {
    let batch = 3, steps = 5, features = 2, units = 4

    func sample(_ x: [Float], _ b: Int) -> [Float] {
        Array(x[(b * steps * features)..<((b + 1) * steps * features)])
    }

    func reversedSample(_ x: [Float], _ b: Int) -> [Float] {
        let s = sample(x, b)
        return (0..<steps).reversed().flatMap { s[($0 * features)..<(($0 + 1) * features)] }
    }

    @Test func lstmSequencesAndStatesMatchReference() throws {
        let kernel = Build.random("kernel", [features, 4 * units], seed: 21)
        let recurrent = Build.random("recurrent_kernel", [units, 4 * units], seed: 22)
        let bias = Build.random("bias", [4 * units], seed: 23)
        let model = try Build.sequential([nil, steps, features], [
            Build.layer("lstm", "LSTM", ["units": .int(units), "return_sequences": .bool(true),
                                         "recurrent_activation": .string("sigmoid"), "time_major": .bool(false)],
                        weights: [kernel, recurrent, bias]),
        ])
        let x = Build.values(batch * steps * features, seed: 24)
        let output = try model.predict([Tensor(shape: [batch, steps, features], values: x)])[0]
        let expected = (0..<batch).flatMap { b in
            Reference.lstm(sample(x, b), steps: steps, features: features, units: units, kernel: kernel.values,
                           recurrent: recurrent.values, bias: bias.values).outputs.flatMap { $0 }
        }
        expectClose(output, [batch, steps, units], expected)

        // return_state with go_backwards: output and h are the last step over the reversed sequence, then c.
        let stateful = try Build.functional([
            Build.input("in", [nil, steps, features]),
            Build.layer("lstm", "LSTM", ["units": .int(units), "return_state": .bool(true), "go_backwards": .bool(true)],
                        weights: [kernel, recurrent, bias], inbound: [[KerasNodeRef(layer: "in")]]),
        ], inputs: ["in"], outputs: (0..<3).map { KerasNodeRef(layer: "lstm", tensorIndex: $0) })
        let results = try stateful.predict([Tensor(shape: [batch, steps, features], values: x)])
        #expect(results.count == 3)
        let references = (0..<batch).map { b in
            Reference.lstm(reversedSample(x, b), steps: steps, features: features, units: units, kernel: kernel.values,
                           recurrent: recurrent.values, bias: bias.values)
        }
        let last = references.flatMap { $0.outputs.last ?? [] }
        expectClose(results[0], [batch, units], last)
        expectClose(results[1], [batch, units], last)
        expectClose(results[2], [batch, units], references.flatMap(\.c))
    }

    @Test(arguments: [true, false])
    func gruMatchesReference(resetAfter: Bool) throws {
        let kernel = Build.random("kernel", [features, 3 * units], seed: 31)
        let recurrent = Build.random("recurrent_kernel", [units, 3 * units], seed: 32)
        let bias = resetAfter ? Build.random("bias", [2, 3 * units], seed: 33) : Build.random("bias", [3 * units], seed: 33)
        let model = try Build.sequential([nil, steps, features], [
            Build.layer("gru", "GRU", ["units": .int(units), "return_sequences": .bool(true),
                                       "reset_after": .bool(resetAfter)],
                        weights: [kernel, recurrent, bias]),
        ])
        let x = Build.values(batch * steps * features, seed: 34)
        let output = try model.predict([Tensor(shape: [batch, steps, features], values: x)])[0]
        let expected = (0..<batch).flatMap { b in
            Reference.gru(sample(x, b), steps: steps, features: features, units: units, kernel: kernel.values,
                          recurrent: recurrent.values, bias: bias.values, resetAfter: resetAfter).flatMap { $0 }
        }
        expectClose(output, [batch, steps, units], expected)
    }

    @Test func simpleRNNWithoutBiasByHand() throws {
        // One unit, relu: h_t = relu(2·x_t − 0.5·h_{t−1}).
        let model = try Build.sequential([nil, 3, 1], [
            Build.layer("rnn", "SimpleRNN", ["units": .int(1), "activation": .string("relu"), "use_bias": .bool(false)],
                        weights: [Build.weight("kernel", [1, 1], [2]), Build.weight("recurrent_kernel", [1, 1], [-0.5])]),
        ])
        let output = try model.predict([Tensor(shape: [1, 3, 1], values: [1, 1, 1])])[0]
        // h1 = 2, h2 = 2 − 1 = 1, h3 = 2 − 0.5 = 1.5.
        expectClose(output, [1, 1], [1.5])
    }

    @Test func initialStatesContinueASplitSequence() throws {
        let weights = [Build.random("k", [features, 4 * units], seed: 61), Build.random("u", [units, 4 * units], seed: 62),
                       Build.random("b", [4 * units], seed: 63)]
        let lstmConfig: [String: JSONValue] = ["units": .int(units), "return_state": .bool(true)]
        let split = 2
        let model = try Build.functional([
            Build.input("head", [nil, split, features]),
            Build.input("tail", [nil, steps - split, features]),
            Build.layer("lstm", "LSTM", lstmConfig, weights: weights, inbound: [
                [KerasNodeRef(layer: "head")],
                [KerasNodeRef(layer: "tail"), KerasNodeRef(layer: "lstm", tensorIndex: 1),
                 KerasNodeRef(layer: "lstm", tensorIndex: 2)],
            ]),
        ], inputs: ["head", "tail"], outputs: [KerasNodeRef(layer: "lstm", nodeIndex: 1)])
        let whole = try Build.sequential([nil, steps, features], [
            Build.layer("lstm", "LSTM", ["units": .int(units)], weights: weights),
        ])
        let x = Build.values(batch * steps * features, seed: 64)
        var head: [Float] = [], tail: [Float] = []
        for b in 0..<batch {
            let row = sample(x, b)
            head += row[..<(split * features)]
            tail += row[(split * features)...]
        }
        let continued = try model.predict([Tensor(shape: [batch, split, features], values: head),
                                           Tensor(shape: [batch, steps - split, features], values: tail)])[0]
        let expected = try whole.predict([Tensor(shape: [batch, steps, features], values: x)])[0]
        expectClose(continued, expected.shape, expected.values)
    }

    @Test func simpleRNNInitialStateByHand() throws {
        // h_t = relu(2·x_t − 0.5·h_{t−1}) from h_0 = 4: h = 0, 2, 1.
        let model = try Build.functional([
            Build.input("x", [nil, 3, 1]),
            Build.input("h0", [nil, 1]),
            Build.layer("rnn", "SimpleRNN", ["units": .int(1), "activation": .string("relu"), "use_bias": .bool(false),
                                             "return_sequences": .bool(true)],
                        weights: [Build.weight("kernel", [1, 1], [2]), Build.weight("recurrent_kernel", [1, 1], [-0.5])],
                        inbound: [[KerasNodeRef(layer: "x"), KerasNodeRef(layer: "h0")]]),
        ], inputs: ["x", "h0"], outputs: [KerasNodeRef(layer: "rnn")])
        let output = try model.predict([Tensor(shape: [1, 3, 1], values: [1, 1, 1]), Tensor(shape: [1, 1], values: [4])])[0]
        expectClose(output, [1, 3, 1], [0, 2, 1])
        expectError(containing: "initial_state") {
            _ = try Build.functional([
                Build.input("x", [nil, 3, 1]), Build.input("h0", [nil, 1]),
                Build.layer("lstm", "LSTM", ["units": .int(1)], weights: [
                    Build.random("k", [1, 4], seed: 1), Build.random("u", [1, 4], seed: 2), Build.random("b", [4], seed: 3),
                ], inbound: [[KerasNodeRef(layer: "x"), KerasNodeRef(layer: "h0")]]),
            ], inputs: ["x", "h0"], outputs: [KerasNodeRef(layer: "lstm")])
        }
    }

    @Test(arguments: ["concat", "sum", "ave", "mul"])
    func bidirectionalMergesForwardAndFlippedBackward(mode: String) throws {
        let forward = [Build.random("k", [features, 4 * units], seed: 41), Build.random("u", [units, 4 * units], seed: 42),
                       Build.random("b", [4 * units], seed: 43)]
        let backward = [Build.random("k", [features, 4 * units], seed: 44), Build.random("u", [units, 4 * units], seed: 45),
                        Build.random("b", [4 * units], seed: 46)]
        let inner: JSONValue = .object(["class_name": .string("LSTM"), "config": .object([
            "units": .int(units), "return_sequences": .bool(true),
        ])])
        let model = try Build.sequential([nil, steps, features], [
            Build.layer("bi", "Bidirectional", ["layer": inner, "merge_mode": .string(mode)], weights: forward + backward),
        ])
        let x = Build.values(batch * steps * features, seed: 47)
        let output = try model.predict([Tensor(shape: [batch, steps, features], values: x)])[0]
        var expected: [Float] = []
        for b in 0..<batch {
            let f = Reference.lstm(sample(x, b), steps: steps, features: features, units: units, kernel: forward[0].values,
                                   recurrent: forward[1].values, bias: forward[2].values).outputs
            let r = Reference.lstm(reversedSample(x, b), steps: steps, features: features, units: units,
                                   kernel: backward[0].values, recurrent: backward[1].values, bias: backward[2].values)
                .outputs.reversed().map { $0 }
            for t in 0..<steps {
                switch mode {
                case "concat": expected += f[t] + r[t]
                case "sum": expected += zip(f[t], r[t]).map(+)
                case "ave": expected += zip(f[t], r[t]).map { ($0 + $1) / 2 }
                default: expected += zip(f[t], r[t]).map(*)
                }
            }
        }
        expectClose(output, [batch, steps, mode == "concat" ? 2 * units : units], expected)
    }

    @Test func bidirectionalWithoutMergeAndWithStatesHasFiveOutputs() throws {
        let weights = (0..<2).flatMap { side in
            [Build.random("k", [features, 3 * units], seed: 50 + UInt64(side)),
             Build.random("u", [units, 3 * units], seed: 52 + UInt64(side)),
             Build.random("b", [2, 3 * units], seed: 54 + UInt64(side))]
        }
        let inner: JSONValue = .object(["class_name": .string("GRU"), "config": .object([
            "units": .int(units), "return_state": .bool(true),
        ])])
        let model = try Build.functional([
            Build.input("in", [nil, steps, features]),
            Build.layer("bi", "Bidirectional", ["layer": inner, "merge_mode": .null], weights: weights,
                        inbound: [[KerasNodeRef(layer: "in")]]),
        ], inputs: ["in"], outputs: (0..<4).map { KerasNodeRef(layer: "bi", tensorIndex: $0) })
        let results = try model.predict([Tensor(shape: [batch, steps, features], values: Build.values(30, seed: 56))])
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0.shape == [batch, units] })
        #expect(results[0] == results[2])  // forward output = forward final state
        #expect(results[1] == results[3])
    }

    @Test func statefulIsRejected() {
        expectError(containing: "stateful=true") {
            _ = try Build.sequential([1, 5, 2], [
                Build.layer("lstm", "LSTM", ["units": .int(1), "stateful": .bool(true)], weights: [
                    Build.random("k", [2, 4], seed: 1), Build.random("u", [1, 4], seed: 2), Build.random("b", [4], seed: 3),
                ]),
            ])
        }
    }
}
