import Foundation
import HDF5Reader
import KerasFormat
import Testing
@testable import NeuralKernels

/// The Keras-generated parity cases of `Tests/Fixtures/manifest.json` (written by `tools/fixtures/make_fixtures.py`).
private enum ParityFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let manifestPath = directory.appendingPathComponent("manifest.json").path
    static var manifestExists: Bool { FileManager.default.fileExists(atPath: manifestPath) }

    static func path(_ relative: String) -> String { directory.appendingPathComponent(relative).path }

    static func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

    static func tensor(_ relative: String) throws -> Tensor {
        let array = try NPYArray(contentsOf: path(relative))
        return try Tensor(shape: array.shape, values: array.floatValues())
    }

    static func load(_ fixture: JSONValue) throws -> Model {
        guard let model = fixture["model"]?.stringValue else { throw NeuralKernelsError.loading("fixture has no model path") }
        if let config = fixture["config"]?.stringValue {
            return try Model(weightsPath: path(model), configPath: path(config))
        }
        return try Model(contentsOf: path(model))
    }
}

@Suite struct KerasParityTests {
    @Test(.enabled(if: ParityFixtures.manifestExists, "Tests/Fixtures/manifest.json is not present"))
    func everyFixtureMatchesKeras() throws {
        let manifest = try JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: ParityFixtures.manifestPath)))
        let fixtures = try #require(manifest["fixtures"]?.arrayValue)
        #expect(!fixtures.isEmpty)
        var overall: Float = 0
        var compared = 0
        for fixture in fixtures {
            let name = fixture["name"]?.stringValue ?? "?"
            if let expected = fixture["expect_error"]?.stringValue {
                do {
                    _ = try ParityFixtures.load(fixture)
                    Issue.record("\(name): loaded, but an error containing '\(expected)' was expected")
                } catch {
                    // An empty text means any load error will do (e.g. truncated or random bytes).
                    #expect(expected.isEmpty || String(describing: error).contains(expected), "\(name): \(error)")
                    print("parity \(name): rejected as expected: \(error)")
                }
                continue
            }
            let tolerance = Float(fixture["tolerance"]?.doubleValue ?? 1e-4)
            do {
                overall = max(overall, try compare(fixture, name: name, tolerance: tolerance))
                compared += 1
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
        print("parity overall: \(compared) fixtures compared, worst absolute error \(overall)")
    }

    /// Runs one fixture and returns its worst absolute error; records an issue when it exceeds `tolerance`.
    private func compare(_ fixture: JSONValue, name: String, tolerance: Float) throws -> Float {

        let model = try ParityFixtures.load(fixture)
        let inputs = try ParityFixtures.strings(fixture["inputs"]).map(ParityFixtures.tensor)
        let expected = try ParityFixtures.strings(fixture["outputs"]).map(ParityFixtures.tensor)
        let outputs = try model.predict(inputs)
        #expect(outputs.count == expected.count, "\(name): \(outputs.count) outputs, expected \(expected.count)")
        var worst: Float = 0
        for (index, (actual, reference)) in zip(outputs, expected).enumerated() {
            guard actual.shape == reference.shape else {
                Issue.record("\(name): output \(index) has shape \(actual.shape), Keras gave \(reference.shape)")
                worst = .infinity
                continue
            }
            for (a, b) in zip(actual.values, reference.values) {
                let difference = a.isNaN || b.isNaN ? (a.isNaN && b.isNaN ? 0 : .infinity) : abs(a - b)
                worst = max(worst, difference)
            }
        }
        #expect(worst <= tolerance, "\(name): worst absolute error \(worst) exceeds \(tolerance)")
        print("parity \(name): worst absolute error \(worst) (tolerance \(tolerance))")
        return worst
    }
}
