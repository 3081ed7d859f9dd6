import Foundation
import Testing
import HDF5Reader
@testable import KerasFormat

/// Loads every Keras parity fixture listed in Tests/Fixtures/manifest.json through `KerasFile` and checks that
/// the weights come out in the canonical layout. (Numerical parity is checked by the NeuralKernels tests.)
@Suite(.enabled(if: ParityManifest.entries != nil, "Tests/Fixtures/manifest.json is not in this tree"))
struct ManifestFixtureTests {
    @Test(arguments: ParityManifest.entries ?? [])
    func loadsInCanonicalForm(_ entry: ParityManifest.Entry) throws {
        let modelPath = Fixtures.directory.appendingPathComponent(entry.model).path
        let model: KerasModel
        do {
            if let config = entry.config {
                model = try KerasFile.load(weightsPath: modelPath, configPath: Fixtures.directory.appendingPathComponent(config).path)
            } else {
                model = try KerasFile.load(path: modelPath)
            }
        } catch {
            // A fixture that must fail may already fail here; its message must then name the problem
            // (an empty expect_error accepts any message).
            let expected = try #require(entry.expectError, "\(entry.name): \(error)")
            #expect(expected.isEmpty || String(describing: error).contains(expected), "\(entry.name)")
            return
        }
        if entry.expectError == nil, entry.inputCount > 0 {
            let inputs = model.graph.kind == .functional ? model.graph.inputs.count : 1
            #expect(inputs == entry.inputCount)
        }
        for layer in model.graph.allLayers.values where layer.nestedGraph == nil {
            if let problem = CanonicalWeights.problem(layer) { Issue.record("\(entry.name): \(problem)") }
        }
    }
}

/// The shared parity fixture list, when it is present in this tree.
enum ParityManifest {
    struct Entry: Sendable, CustomTestStringConvertible {
        let name: String
        let flavour: String
        let model: String
        let config: String?
        let inputCount: Int
        let expectError: String?

        var testDescription: String { "\(name) (\(flavour))" }
    }

    static let entries: [Entry]? = {
        let url = Fixtures.directory.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url), let json = try? JSONValue(parsing: data),
              let fixtures = json["fixtures"]?.arrayValue
        else { return nil }
        return fixtures.compactMap { item in
            guard let name = item["name"]?.stringValue, let model = item["model"]?.stringValue else { return nil }
            return Entry(
                name: name, flavour: item["flavour"]?.stringValue ?? "", model: model, config: item["config"]?.stringValue,
                inputCount: item["inputs"]?.arrayValue?.count ?? 0, expectError: item["expect_error"]?.stringValue)
        }
    }()
}

/// Shape rules of the canonical weight layout, per class.
enum CanonicalWeights {
    /// A description of what is wrong with the layer's weights, or nil when they look canonical.
    static func problem(_ layer: KerasLayer) -> String? {
        problem(className: layer.className, config: layer.config, weights: layer.weights.map(\.shape), layer: layer.name)
    }

    static func problem(className: String, config: JSONValue, weights: [[Int]], layer: String) -> String? {
        func fail(_ reason: String) -> String { "layer \(layer) (\(className)): \(reason), shapes \(weights)" }
        if let counts = KerasLayerCatalog.weightCounts(className: className, config: config),
           counts.trainable + counts.nonTrainable != weights.count {
            return fail("expected \(counts.trainable + counts.nonTrainable) arrays")
        }
        switch className {
        case "Dense":
            guard let units = config["units"]?.intValue, weights.first?.count == 2, weights.first?.last == units,
                  weights.dropFirst().allSatisfy({ $0 == [units] })
            else { return fail("expected kernel (in, units) and bias (units)") }
        case "Conv1D":
            guard let filters = config["filters"]?.intValue, let kernel = weights.first, kernel.count == 3,
                  kernel[2] == filters, weights.dropFirst().allSatisfy({ $0 == [filters] })
            else { return fail("expected kernel (k, in, filters) and bias (filters)") }
        case "LSTM", "GRU", "SimpleRNN":
            let gates = ["LSTM": 4, "GRU": 3, "SimpleRNN": 1][className] ?? 1
            guard let units = config["units"]?.intValue, weights.count >= 2, weights[0].count == 2,
                  weights[0][1] == gates * units, weights[1] == [units, gates * units]
            else { return fail("expected kernel (in, \(gates)u) and recurrent kernel (u, \(gates)u)") }
            if weights.count == 3 {
                let resetAfter = className == "GRU" && config["reset_after"]?.boolValue == true
                let bias = resetAfter ? [2, gates * units] : [gates * units]
                if weights[2] != bias { return fail("expected bias \(bias)") }
            }
        case "BatchNormalization", "LayerNormalization":
            guard let size = weights.first, size.count == 1, weights.allSatisfy({ $0 == size }) else {
                return fail("expected equal 1-D arrays")
            }
        case "Bidirectional":
            guard let inner = KerasLayerCatalog.wrappedLayer(config), weights.count % 2 == 0 else { return fail("odd weight count") }
            let half = weights.count / 2
            var backward = inner
            if let layer = config["backward_layer"], let name = layer["class_name"]?.stringValue, let config = layer["config"] {
                backward = (name, config)
            }
            return problem(className: inner.className, config: inner.config, weights: Array(weights[..<half]), layer: layer)
                ?? problem(className: backward.className, config: backward.config, weights: Array(weights[half...]), layer: layer)
        case "TimeDistributed":
            guard let inner = KerasLayerCatalog.wrappedLayer(config) else { return fail("no wrapped layer") }
            return problem(className: inner.className, config: inner.config, weights: weights, layer: layer)
        default:
            break
        }
        return nil
    }
}

@Suite struct CanonicalWeightRuleTests {
    @Test func rulesCatchNonCanonicalLayouts() throws {
        let lstm = try JSONValue(parsing: #"{"units": 2}"#)
        #expect(CanonicalWeights.problem(className: "LSTM", config: lstm, weights: [[3, 8], [2, 8], [8]], layer: "l") == nil)
        #expect(CanonicalWeights.problem(className: "LSTM", config: lstm, weights: [[3, 8], [8, 2], [8]], layer: "l") != nil)
        #expect(CanonicalWeights.problem(className: "LSTM", config: lstm, weights: [[3, 8], [2, 8], [16]], layer: "l") != nil)
        let gru = try JSONValue(parsing: #"{"units": 2, "reset_after": true}"#)
        #expect(CanonicalWeights.problem(className: "GRU", config: gru, weights: [[3, 6], [2, 6], [2, 6]], layer: "g") == nil)
        #expect(CanonicalWeights.problem(className: "GRU", config: gru, weights: [[3, 6], [2, 6], [6]], layer: "g") != nil)
        let conv = try JSONValue(parsing: #"{"filters": 4}"#)
        #expect(CanonicalWeights.problem(className: "Conv1D", config: conv, weights: [[3, 1, 2, 4], [4]], layer: "c") != nil)
    }

    @Test func everyLocalFixtureIsCanonical() throws {
        for name in ["tfk_functional.h5", "keras2_legacy_strings.h5", "keras1.h5", "cudnn.h5", "k3_functional.keras", "k3_functional.h5"] {
            let model = try KerasFile.load(path: Fixtures.hdf5(name))
            for layer in model.graph.allLayers.values where layer.nestedGraph == nil {
                #expect(CanonicalWeights.problem(layer) == nil, "\(name)")
            }
        }
    }
}
