import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

/// Builders for hand-made Keras models and comparison helpers.
enum Build {
    static func weight(_ name: String, _ shape: [Int], _ values: [Float]) -> KerasWeight {
        try! KerasWeight(name: name, shape: shape, values: values)  // test data: a bad shape is a bug in the test
    }

    /// Deterministic pseudo-random values in [-1, 1).
    static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2_000_000) / 1_000_000 - 1 + 0.0000005
        }
    }

    static func random(_ name: String, _ shape: [Int], seed: UInt64) -> KerasWeight {
        weight(name, shape, values(shape.reduce(1, *), seed: seed))
    }

    static func layer(_ name: String, _ className: String, _ config: [String: JSONValue] = [:],
                      weights: [KerasWeight] = [], inbound: [[KerasNodeRef]] = []) -> KerasLayer {
        KerasLayer(name: name, className: className, config: .object(config), inboundNodes: inbound, weights: weights)
    }

    static func input(_ name: String, _ shape: [Int?]) -> KerasLayer {
        layer(name, "InputLayer", ["batch_input_shape": .array(shape.map { $0.map { .number(Double($0)) } ?? .null })])
    }

    static func sequential(_ inputShape: [Int?]?, _ layers: [KerasLayer],
                           writer: KerasFileFlavour.Writer = .tfKeras) throws -> Model {
        let graph = KerasGraph(kind: .sequential, name: "sequential", layers: layers, sequentialInputShape: inputShape)
        return try Model(keras: KerasModel(
            graph: graph, kerasVersion: "2.20.1", backend: "tensorflow",
            flavour: KerasFileFlavour(writer: writer, container: .fullModelH5)))
    }

    static func functional(_ layers: [KerasLayer], inputs: [String], outputs: [KerasNodeRef]) throws -> Model {
        let graph = KerasGraph(kind: .functional, name: "model", layers: layers,
                               inputs: inputs.map { KerasNodeRef(layer: $0) }, outputs: outputs)
        return try Model(keras: KerasModel(
            graph: graph, kerasVersion: "3.15.1", backend: "tensorflow",
            flavour: KerasFileFlavour(writer: .keras3, container: .fullModelH5)))
    }
}

extension JSONValue {
    static func ints(_ values: [Int]) -> JSONValue { .array(values.map { .number(Double($0)) }) }
    static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
}

/// Largest absolute difference; fails the test when shapes differ or the difference exceeds `tolerance`.
@discardableResult
func expectClose(_ actual: Tensor, _ expectedShape: [Int], _ expected: [Float], tolerance: Float = 1e-5,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Float {
    #expect(actual.shape == expectedShape, sourceLocation: sourceLocation)
    guard actual.values.count == expected.count else {
        Issue.record("expected \(expected.count) values, got \(actual.values.count)", sourceLocation: sourceLocation)
        return .infinity
    }
    let worst = zip(actual.values, expected).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "worst absolute error \(worst)", sourceLocation: sourceLocation)
    return worst
}

/// Throws-check helper: the error's description contains `text`.
func expectError(containing text: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected an error containing '\(text)'", sourceLocation: sourceLocation)
    } catch {
        #expect(String(describing: error).contains(text), "\(error)", sourceLocation: sourceLocation)
    }
}
