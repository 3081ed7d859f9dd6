#if Service
import ECGAnalysis
import ECGService
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("POST /predict")
struct PredictRouteTests {
    @Test("a CSV upload returns the report with an id and the saved file's name")
    func csvUpload() async throws {
        try await withService(CountingBackend()) { service, client in
            let body = MultipartBody.upload(sampleCSV(count: 1000), fileName: "my recording.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = try #require(response.body.jsonObject)
                #expect(json["diagnosis"] as? String == "samples=1000")
                #expect(json["doctors_notes"] as? String == "lead=default file=my recording.csv")
                #expect(json["trace"] == nil)
                let id = try #require(json["id"] as? String)
                let savedAs = try #require(json["saved_as"] as? String)
                #expect(savedAs.hasSuffix("-\(id).json"))
                #expect(!savedAs.contains("recording"))
                #expect(!savedAs.contains("/"))
                let files = try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory)
                #expect(files == [savedAs])
            }
        }
    }

    @Test("form fields reach the backend and include_trace adds the plotted lead")
    func fieldsAndTrace() async throws {
        try await withService(CountingBackend()) { service, client in
            let body = MultipartBody.upload(
                Data("1\n2.5\n-0.0004\n3.1234\n".utf8), fileName: "x.CSV",
                fields: [("lead", "V5"), ("sample_rate", "250"), ("include_trace", "true")])
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
                let json = try #require(response.body.jsonObject)
                #expect(json["doctors_notes"] as? String == "lead=V5 file=x.CSV")
                let trace = try #require(json["trace"] as? [String: Any])
                #expect(trace["lead"] as? String == "V5")
                #expect(trace["sample_rate_hz"] as? Double == 250)
                #expect(trace["samples_mv"] as? [Double] == [1, 2.5, 0, 3.123])
                #expect(trace["truncated"] as? Bool == false)
                // The saved copy has no trace: it is the analysis, not the signal.
                let saved = try #require(json["saved_as"] as? String)
                let file = try Data(contentsOf: URL(fileURLWithPath: service.resultsDirectory + "/" + saved))
                let savedJSON = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
                #expect(savedJSON["trace"] == nil)
                #expect(savedJSON["id"] as? String == json["id"] as? String)
            }
        }
    }

    @Test("a file name with directories never reaches the disk", arguments: ["../../etc/passwd.csv", "C:\\Users\\a\\ecg.csv", "/tmp/x.csv"])
    func hostileFileName(name: String) async throws {
        try await withService(CountingBackend()) { service, client in
            let body = MultipartBody.upload(Data("1\n2\n".utf8), fileName: name)
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .ok)
                let notes = response.body.jsonObject?["doctors_notes"] as? String
                #expect(notes?.contains("/") == false)
                #expect(notes?.contains("\\") == false)
                let files = try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory)
                #expect(files.count == 1)
                #expect(files.allSatisfy { ResultID(String($0.dropFirst(21).dropLast(5))) != nil })
            }
        }
    }

    @Test("image extensions pass the type check and reach the engine")
    func imageUpload() async throws {
        try await withService(CountingBackend()) { _, client in
            for name in ["scan.png", "photo.JPG", "photo.jpeg", "old.bmp"] {
                let body = MultipartBody.upload(Data("1\n2\n3\n".utf8), fileName: name)
                try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.jsonObject?["diagnosis"] as? String == "samples=3")
                }
            }
        }
    }

    @Test("each analysis failure maps to its status, code and message", arguments: [
        (ECGAnalysisError.invalidInput("row 3 is not numeric"), HTTPResponse.Status.badRequest, "invalid_input"),
        (ECGAnalysisError.unanalysableSignal("the signal is flat"), .unprocessableContent, "unanalysable_signal"),
        (ECGAnalysisError.unsupportedFormat("images are not supported"), .unsupportedMediaType, "unsupported_format"),
        (ECGAnalysisError.modelFailure("the model produced no output"), .internalServerError, "model_failure"),
        (ECGAnalysisError.imageDecoding(.tooLarge(width: 100_000, height: 100_000, maxPixels: 40_000_000, maxDimension: 20_000)),
         .contentTooLarge, "image_too_large"),
        (ECGAnalysisError.imageDecoding(.unrecognizedFormat), .unsupportedMediaType, "unsupported_image"),
        (ECGAnalysisError.imageDecoding(.unsupportedVariant(.jpeg, "CMYK colour")), .unsupportedMediaType, "unsupported_image"),
        (ECGAnalysisError.imageDecoding(.truncated(.png)), .unprocessableContent, "unreadable_image"),
        (ECGAnalysisError.imageDecoding(.malformed(.bmp, "bad header")), .unprocessableContent, "unreadable_image"),
        (ECGAnalysisError.imageDecoding(.invalidDimensions(width: 0, height: 7)), .unprocessableContent, "unreadable_image"),
    ])
    func analysisFailures(failure: ECGAnalysisError, status: HTTPResponse.Status, code: String) async throws {
        try await withService(FailingBackend(error: failure)) { service, client in
            let body = MultipartBody.upload(sampleCSV(count: 10), fileName: "a.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == status)
                #expect(response.body.errorCode == code)
                #expect(response.body.errorMessage == failure.message)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).isEmpty)
        }
    }

    @Test("an unexpected backend error is a 500 that leaks nothing")
    func internalErrorsStayInside() async throws {
        try await withService(FailingBackend(error: SecretInternalError())) { _, client in
            let body = MultipartBody.upload(sampleCSV(count: 10), fileName: "a.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .internalServerError)
                #expect(response.body.errorCode == "internal_error")
                let text = String(buffer: response.body)
                #expect(!text.contains("secret") && !text.contains("model.h5") && !text.contains("0x"))
            }
        }
    }

    @Test("no file, an empty file, or a file part without a name is a 400")
    func missingOrEmptyFile() async throws {
        try await withService(CountingBackend()) { _, client in
            var onlyField = MultipartBody()
            onlyField.field("lead", "MLII")
            var noFileName = MultipartBody()
            noFileName.field("file", "1,2,3")
            let cases: [(ByteBuffer, String)] = [
                (onlyField.closed, "missing_file"),
                (noFileName.closed, "missing_file"),
                (MultipartBody.upload(Data(), fileName: "empty.csv"), "empty_file"),
                (ByteBuffer(), "missing_file"),
            ]
            for (body, code) in cases {
                try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.body.errorCode == code)
                }
            }
        }
    }

    @Test("a file under another field name is not taken for the file")
    func wrongFieldName() async throws {
        try await withService(CountingBackend()) { _, client in
            var body = MultipartBody()
            body.file(sampleCSV(count: 5), fileName: "a.csv", field: "upload")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body.closed) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorCode == "missing_file")
            }
        }
    }

    @Test("bad form fields are a 400 naming the field", arguments: [
        ("sample_rate", "fast"), ("sample_rate", "0"), ("sample_rate", "nan"), ("sample_rate", "1e9"),
        ("lead", String(repeating: "L", count: 40)),
    ])
    func badFields(name: String, value: String) async throws {
        try await withService(CountingBackend()) { _, client in
            let body = MultipartBody.upload(sampleCSV(count: 5), fileName: "a.csv", fields: [(name, value)])
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .badRequest)
                #expect(response.body.errorCode == "invalid_field")
                #expect(response.body.errorMessage?.contains("'\(name)'") == true)
            }
        }
    }

    @Test("an unsupported extension is a 415 listing the accepted ones", arguments: ["notes.pdf", "model.h5", "README", "x.csv.exe"])
    func unsupportedExtension(name: String) async throws {
        try await withService(CountingBackend()) { service, client in
            let body = MultipartBody.upload(sampleCSV(count: 5), fileName: name)
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: body) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.body.errorCode == "unsupported_file_type")
                #expect(response.body.errorMessage?.contains(".csv") == true)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: service.resultsDirectory).isEmpty)
        }
    }

    @Test("a body over the limit is a 413, whether declared up front or only found while reading")
    func uploadTooLarge() async throws {
        try await withService(CountingBackend(), configure: { $0.maxUploadBytes = 64 * 1024 }) { _, client in
            let body = MultipartBody.upload(Data(repeating: UInt8(ascii: "1"), count: 100 * 1024), fileName: "big.csv")
            var declared = MultipartBody.headers
            declared[.contentLength] = String(body.readableBytes)
            for headers in [declared, MultipartBody.headers] {
                try await client.execute(uri: "/predict", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(response.body.errorCode == "upload_too_large")
                    #expect(response.body.errorMessage == "upload too large: the limit is 65536 bytes")
                }
            }
            // Just under the limit still works.
            let small = MultipartBody.upload(Data("1\n".utf8), fileName: "small.csv")
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: small) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("malformed multipart bodies and content types are rejected with 400 or 415")
    func malformedMultipart() async throws {
        try await withService(CountingBackend()) { _, client in
            let csv = MultipartBody.upload(sampleCSV(count: 5), fileName: "a.csv")
            let cases: [(HTTPFields, ByteBuffer, HTTPResponse.Status, String)] = [
                ([.contentType: "multipart/form-data"], csv, .badRequest, "malformed_multipart"),
                ([.contentType: "multipart/form-data; boundary="], csv, .badRequest, "malformed_multipart"),
                ([.contentType: "multipart/form-data; boundary=\"\(String(repeating: "b", count: 71))\""], csv, .badRequest, "malformed_multipart"),
                ([.contentType: "multipart/form-data; boundary=other"], csv, .badRequest, "malformed_multipart"),
                (MultipartBody.headers, ByteBuffer(string: "just some text"), .badRequest, "malformed_multipart"),
                (MultipartBody.headers, ByteBuffer(string: "--\(MultipartBody.boundary)\r\nBad Header Name: x\r\n\r\n1\r\n"), .badRequest, "malformed_multipart"),
                (MultipartBody.headers, ByteBuffer(string: "--\(MultipartBody.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n1,2\n3,4"), .badRequest, "malformed_multipart"),
                ([.contentType: "application/json"], ByteBuffer(string: "{}"), .unsupportedMediaType, "not_multipart"),
                ([:], csv, .unsupportedMediaType, "not_multipart"),
            ]
            for (headers, body, status, code) in cases {
                try await client.execute(uri: "/predict", method: .post, headers: headers, body: body) { response in
                    #expect(response.status == status, "\(headers) \(String(buffer: body).prefix(60))")
                    #expect(response.body.errorCode == code, "\(headers) \(String(buffer: body).prefix(60))")
                }
            }
        }
    }

    @Test("RFC 8187 filename* wins over filename, quoted names keep their semicolons")
    func extendedFileName() async throws {
        try await withService(CountingBackend()) { _, client in
            let part = "--\(MultipartBody.boundary)\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"fallback; x.txt\"; filename*=UTF-8''%C3%A9cg%20record.csv\r\n\r\n"
                + "1\n2\n\r\n--\(MultipartBody.boundary)--\r\n"
            try await client.execute(uri: "/predict", method: .post, headers: MultipartBody.headers, body: ByteBuffer(string: part)) { response in
                #expect(response.status == .ok)
                #expect(response.body.jsonObject?["doctors_notes"] as? String == "lead=default file=écg record.csv")
            }
        }
    }
}
#endif
