import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct BundledModelTests {
    @Test func theBundledModelLoadsWithNoPath() throws {
        let analyzer = try ECGAnalyzer()
        #expect(analyzer.modelInfo.labels == ["F", "N", "Q", "S", "V"])
        #expect(analyzer.modelInfo.file == BundledModel.modelFileName)
        #expect(analyzer.modelInfo.preprocessingSidecar)
        // The resource is the committed Weights/ file, byte for byte.
        let weights = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Weights/ecg_model.h5")
        #expect(try Data(contentsOf: weights) == Data(contentsOf: URL(fileURLWithPath: try BundledModel.modelPath)))
    }

    @Test func resolveOrder() throws {
        let bundled = try BundledModel.modelPath
        // No option, no environment: the bundled model.
        #expect(try BundledModel.resolve(nil, environment: [:]) == bundled)
        #expect(try BundledModel.resolve(nil, environment: ["ECG_MODEL": ""]) == bundled)
        // The environment variable comes before the bundled model, an explicit path before both.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("bundled-model-test-\(UUID()).h5").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: other))
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(try BundledModel.resolve(nil, environment: ["ECG_MODEL": other]) == other)
        #expect(try BundledModel.resolve(other, environment: ["ECG_MODEL": "/nonexistent.h5"]) == other)
        // A missing environment model is an error, not a silent fallback.
        #expect(throws: ECGAnalysisError.self) { try BundledModel.resolve(nil, environment: ["ECG_MODEL": "/nonexistent/x.h5"]) }
    }

    @Test func documentedWeightsPathsFallBackToTheBundle() throws {
        // `--model Weights/ecg_model.h5` from a directory without Weights/: the bundled file of that name.
        let relative = "no-such-directory-\(UUID())/Weights/ecg_model.h5"
        #expect(try BundledModel.resolve(relative, environment: [:]) == BundledModel.modelPath)
        let labels = try BundledModel.resolve("no-such-directory-\(UUID())/Weights/label_classes.npy", environment: [:])
        #expect(labels.hasSuffix("/label_classes.npy") && FileManager.default.fileExists(atPath: labels))
        // Absolute paths, other folders and unknown names are never redirected.
        #expect(throws: ECGAnalysisError.self) { try BundledModel.resolve("/nonexistent/Weights/ecg_model.h5") }
        #expect(throws: ECGAnalysisError.self) { try BundledModel.resolve("models/ecg_model.h5") }
        #expect(throws: ECGAnalysisError.self) { try BundledModel.resolve("Weights/other_model.h5") }
    }

    @Test func loadFailuresKeepTheirTypedCause() throws {
        #expect(throws: ECGAnalysisError.modelFailure(.fileNotFound(file: "ecg_model.h5"))) {
            try ECGAnalyzer(modelPath: "/nonexistent/ecg_model.h5")
        }
        let garbage = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID()).h5")
        try Data(repeating: 7, count: 64).write(to: garbage)
        defer { try? FileManager.default.removeItem(at: garbage) }
        do {
            _ = try ECGAnalyzer(modelPath: garbage.path)
            Issue.record("a file of sevens loaded as a model")
        } catch ECGAnalysisError.modelFailure(.unreadableFile(let file, _)) {
            #expect(file == garbage.lastPathComponent)
        }
        // A model whose labels file is missing: the NPY reader's error, typed.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("ecg_model.h5")
        try FileManager.default.copyItem(atPath: try BundledModel.modelPath, toPath: copy.path)
        do {
            _ = try ECGAnalyzer(modelPath: copy.path)
            Issue.record("loaded without labels")
        } catch ECGAnalysisError.modelFailure(.unreadableLabels(let file, _)) {
            #expect(file == "label_classes.npy")
        }
    }
}
