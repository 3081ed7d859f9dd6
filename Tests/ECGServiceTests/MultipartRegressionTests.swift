#if Service
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Inputs found by the `FuzzMultipart` libFuzzer target, kept as regression tests.
@Suite("Multipart bodies found by fuzzing")
struct MultipartRegressionTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/multipart")

    /// A fuzzer input: the `Content-Type` value, a newline, the body.
    static func input(_ name: String) throws -> (contentType: String, body: ByteBuffer) {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        let newline = try #require(data.firstIndex(of: 0x0A))
        return (String(decoding: data[..<newline], as: UTF8.self), ByteBuffer(bytes: data[(newline + 1)...]))
    }

    @Test("a byte ≥ 0x80 in a part header name is a 400, not a trap in MultipartKit's parser")
    func nonASCIIHeaderName() async throws {
        let (contentType, body) = try Self.input("non-ascii-header-name.bin")
        #expect(throws: ServiceError.malformedMultipart("a part header name holds a byte outside ASCII")) {
            try PredictForm.parse(body: body, contentType: contentType)
        }
        try await withService(CountingBackend()) { service, client in
            try await client.execute(uri: "/predict", method: .post, headers: [.contentType: contentType], body: body) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorCode == "malformed_multipart")
            }
            #expect(try TemporaryFolder.files(in: service.resultsDirectory).isEmpty)
        }
    }

    @Test("UTF-8 in header values (a raw file name) and in part bodies is still accepted")
    func nonASCIIOutsideNames() throws {
        let boundary = "b0und"
        let body = ByteBuffer(bytes: Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"électro 心電図.csv\"\r\n\r\n1,2\nµ,é\r\n--\(boundary)--\r\n".utf8))
        let form = try PredictForm.parse(body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        #expect(form.fileName == "électro 心電図.csv")
        #expect(String(decoding: form.file, as: UTF8.self) == "1,2\nµ,é")
    }
}
#endif
