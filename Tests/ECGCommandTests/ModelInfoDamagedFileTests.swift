import Foundation
import Testing

/// `ecg model info` on damaged model files: the process always ends normally, with a one-line typed error.
/// Serialized: each case blocks a thread while it waits for its child process.
@Suite(.serialized) struct ModelInfoDamagedFileTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Files the mutation tool (tools/fuzz/h5_mutate.py) produced from the fixtures, each of which crashed or hung
    /// libhdf5 when libhdf5 read it alone: `mutated/` ones are refused by the structural checks in HDF5Reader,
    /// `mutated-isolated/` ones pass those checks and crash libhdf5 in the checking child process.
    static func files(in folder: String) -> [URL] {
        let url = fixtures.appendingPathComponent("hdf5/\(folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".h5") }.sorted().map { url.appendingPathComponent($0) }
    }

    static var mutatedFiles: [URL] { files(in: "mutated") + files(in: "mutated-isolated") }

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

    @Test func aCrashInsideLibhdf5IsReportedWithItsSignal() throws {
        let files = Self.files(in: "mutated-isolated")
        #expect(!files.isEmpty)
        for file in files {
            let run = try ECGRun(["model", "info", file.path])
            #expect(run.signal == nil)
            #expect(run.errorOutput.contains("the model file crashed the HDF5 library while being read (signal "),
                    "\(run.errorOutput)")
        }
    }

    @Test func aCheckThatOverrunsItsTimeoutIsATypedError() throws {
        // No model opens in a millisecond: the checking child is still loading when the parent gives up on it.
        let model = Self.fixtures.appendingPathComponent("keras/conv1d_valid/model.h5").path
        let started = Date()
        let run = try ECGRun(["model", "info", model, "--check-timeout", "0.001"])
        #expect(run.status == 1)
        #expect(run.errorOutput == "error: the model file did not finish opening within 1 s; it is damaged or far too large\n",
                "\(run.errorOutput)")
        #expect(Date().timeIntervalSince(started) < 30)
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
