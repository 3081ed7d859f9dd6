import Foundation
import KerasFormat
import Testing
@testable import NeuralKernels

/// Options that reach the engine from real tf.keras files: the config edited, the weights as Keras wrote them.
@Suite struct ConfigOptionTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras/conv_lstm_bn_tfkeras_weights")

    /// Loads the fixture's weights with its model JSON after `edit`.
    func load(_ edit: (String) -> String) throws -> Model {
        let original = try String(contentsOf: Self.fixture.appendingPathComponent("model.json"), encoding: .utf8)
        let edited = edit(original)
        #expect(edited != original, "the edit changed nothing")
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("config-option-\(UUID()).json")
        try edited.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        return try Model(weightsPath: Self.fixture.appendingPathComponent("model.weights.h5").path, configPath: config.path)
    }

    @Test func batchRenormalisationIsRefusedByName() throws {
        expectError(containing: "renorm") {
            _ = try load { $0.replacingOccurrences(of: #""name": "batch_normalization","#,
                                                   with: #""name": "batch_normalization", "renorm": true,"#) }
        }
        // renorm false is plain BatchNormalization.
        _ = try load { $0.replacingOccurrences(of: #""name": "batch_normalization","#,
                                               with: #""name": "batch_normalization", "renorm": false,"#) }
    }

    @Test func unknownOptionsAreNamed() throws {
        expectError(containing: "unknown config key 'sharpness'") {
            _ = try load { $0.replacingOccurrences(of: #""name": "batch_normalization","#,
                                                   with: #""name": "batch_normalization", "sharpness": 2,"#) }
        }
    }
}
