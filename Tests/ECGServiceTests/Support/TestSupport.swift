#if Service
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting

/// A multipart/form-data body built by hand, so tests control every byte.
struct MultipartBody {
    static let boundary = "----ecgTestBoundary7MA4YWxkTrZu0gW"

    private(set) var data = Data()

    /// Adds a file part.
    mutating func file(_ contents: Data, fileName: String, field: String = "file", contentType: String = "text/csv") {
        data.append(Data("--\(Self.boundary)\r\n".utf8))
        data.append(Data("Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(fileName)\"\r\n".utf8))
        data.append(Data("Content-Type: \(contentType)\r\n\r\n".utf8))
        data.append(contents)
        data.append(Data("\r\n".utf8))
    }

    /// Adds a plain field.
    mutating func field(_ name: String, _ value: String) {
        data.append(Data("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    /// The finished body (closing delimiter added).
    var closed: ByteBuffer {
        var body = data
        body.append(Data("--\(Self.boundary)--\r\n".utf8))
        return ByteBuffer(bytes: body)
    }

    static var headers: HTTPFields {
        [.contentType: "multipart/form-data; boundary=\(boundary)"]
    }

    /// A one-file body.
    static func upload(_ contents: Data, fileName: String, fields: [(String, String)] = []) -> ByteBuffer {
        var body = MultipartBody()
        for (name, value) in fields { body.field(name, value) }
        body.file(contents, fileName: fileName)
        return body.closed
    }
}

/// A small CSV: a time column and one lead, `count` samples at 360 Hz.
func sampleCSV(count: Int = 3600) -> Data {
    var text = "time_s,MLII\n"
    for index in 0..<count {
        text += "\(Double(index) / 360),\(sin(Double(index) / 20) * 0.5)\n"
    }
    return Data(text.utf8)
}

/// A temporary folder removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ecg-service-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Result files (not the temporary `.partial` ones).
    func resultFiles(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `test` against a service over `backend`, then stops its workers.
func withService<Value>(
    _ backend: any ECGAnalysisBackend,
    setup: TestingSetup = .router,
    configure: (inout ServiceConfiguration) -> Void = { _ in },
    _ test: @escaping @Sendable (ECGHTTPService, any TestClientProtocol) async throws -> Value
) async throws -> Value {
    let folder = try TemporaryFolder()
    var configuration = ServiceConfiguration()
    configuration.port = 0
    configuration.outputsDirectory = folder.path + "/json_outputs"
    configuration.workers = 2
    configuration.durableResponses = true   // tests look for the files right after the response
    configure(&configuration)
    let service = try ECGHTTPService(backend: backend, configuration: configuration)
    defer { service.shutdown() }
    let app = service.buildApplication()
    defer { withExtendedLifetime(folder) {} }
    return try await app.test(setup) { client in try await test(service, client) }
}

extension ECGHTTPService {
    /// The results folder of a service that keeps files.
    var resultsDirectory: String { fileStore!.folder.directory }
    /// The file writer of a service that keeps files.
    var writer: ResultWriter { fileStore!.writer }
}

extension ByteBuffer {
    /// The body as a JSON object.
    var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(readableBytesView))) as? [String: Any]
    }

    /// `error.code` of a JSON error body.
    var errorCode: String? {
        (jsonObject?["error"] as? [String: Any])?["code"] as? String
    }

    /// `error.message` of a JSON error body.
    var errorMessage: String? {
        (jsonObject?["error"] as? [String: Any])?["message"] as? String
    }
}
#endif
