import Foundation
import Testing

/// `ecg model info` on damaged model files: the process always ends normally, with a one-line typed error.
@Suite struct ModelInfoDamagedFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Files the mutation tool (tools/fuzz/h5_mutate.py) produced from the fixtures, each of which crashed libhdf5
    /// when it was opened without the structural checks.
    static var mutatedFiles: [URL] {
        let folder = fixtures.appendingPathComponent("hdf5/mutated")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".h5") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func anIntactModelIsDescribed() throws {
        let run = try ECGRun(["model", "info", Self.fixtures.appendingPathComponent("keras/conv1d_valid/model.h5").path])
        #expect(run.status == 0)
        #expect(run.output.contains("Total parameters"))
    }

    @Test func mutatedFixturesArePresent() {
        #expect(Self.mutatedFiles.count >= 4)
    }

    @Test(arguments: mutatedFiles)
    func aMutatedFileIsATypedError(file: URL) throws {
        let run = try ECGRun(["model", "info", file.path])
        #expect(run.signal == nil, "ecg was killed by signal \(run.signal ?? 0)")
        #expect(run.status == 1)
        let lines = run.errorOutput.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: ") == true, "\(run.errorOutput)")
    }

    @Test func aFileThatIsNotHDF5IsATypedError() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ecg-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("model.h5")
        try Data("not a model".utf8).write(to: file)
        let run = try ECGRun(["model", "info", file.path])
        #expect(run.status == 1)
        #expect(run.errorOutput.contains("not an HDF5 file"))
    }
}
