import Foundation

/// Locates the committed test files under Tests/Fixtures (hdf5/ from tools/fixtures/make_hdf5_cases.py, keras/ and
/// manifest.json from tools/fixtures/make_fixtures.py).
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func hdf5(_ name: String) -> String {
        directory.appendingPathComponent("hdf5").appendingPathComponent(name).path
    }

    /// A fresh temporary directory, removed by the caller with `removeItem`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kerasformat-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
