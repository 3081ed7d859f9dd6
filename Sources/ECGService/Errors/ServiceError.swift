#if Service
import ECGAnalysis
import Foundation
import Hummingbird

/// Every error the service answers with. Each maps to one HTTP status and renders as
/// `{"error": {"code": "...", "message": "..."}}`; messages never hold paths or internals.
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request is not `multipart/form-data` (the actual content type, or nil when absent).
    case notMultipart(contentType: String?)
    /// The multipart body cannot be parsed (missing boundary, bad syntax, truncated).
    case malformedMultipart(String)
    /// No part named `file`, or it carries no file name.
    case missingFile
    /// The `file` part is empty.
    case emptyFile
    /// A form field other than `file` is invalid (name, reason).
    case invalidField(String, String)
    /// The request body is larger than the limit (bytes).
    case uploadTooLarge(limit: Int)
    /// The request body did not arrive within the limit; the connection is closed.
    case requestTimeout(limit: Duration)
    /// The file extension is not one the service accepts.
    case unsupportedFileType(String)
    /// The analysis engine refused or failed.
    case analysis(ECGAnalysisError)
    /// The analysis queue is full; retry after this many seconds.
    case busy(retryAfterSeconds: Int)
    /// The result store (the database) cannot be reached; nothing was kept; retry after this many seconds.
    case storeUnavailable(retryAfterSeconds: Int)
    /// `GET /results/{id}` with an id that is not a result id of this service.
    case invalidResultID
    /// No saved result has this id.
    case resultNotFound(String)
    /// The HTTP request itself could not be read (its body ended early or is not valid HTTP).
    case malformedRequest
    /// The request path is unusable (bad percent-encoding, `..` segments).
    case invalidPath
    /// A `Range` header asks for bytes a page file does not have.
    case rangeNotSatisfiable
    /// No route for this method and path.
    case routeNotFound(method: String, path: String)
    /// Anything unexpected; details go to the log only.
    case internalError

    /// HTTP status for the error.
    public var status: HTTPResponse.Status {
        switch self {
        case .notMultipart, .unsupportedFileType: return .unsupportedMediaType
        case .malformedMultipart, .missingFile, .emptyFile, .invalidField, .invalidResultID, .invalidPath, .malformedRequest:
            return .badRequest
        case .uploadTooLarge: return .contentTooLarge
        case .requestTimeout: return .requestTimeout
        case .busy, .storeUnavailable: return .serviceUnavailable
        case .resultNotFound, .routeNotFound: return .notFound
        case .rangeNotSatisfiable: return .rangeNotSatisfiable
        case .internalError: return .internalServerError
        case .analysis(let failure):
            switch failure {
            case .unsupportedFormat: return .unsupportedMediaType
            case .invalidInput: return .badRequest
            case .unanalysableSignal: return .unprocessableContent
            case .modelFailure: return .internalServerError
            case .timedOut: return .serviceUnavailable
            case .imageDecoding(let image):
                switch image {
                case .tooLarge, .decodedTooLarge: return .contentTooLarge
                case .unrecognizedFormat, .unsupportedVariant: return .unsupportedMediaType
                case .invalidDimensions, .truncated, .malformed: return .unprocessableContent
                }
            }
        }
    }

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .notMultipart: return "not_multipart"
        case .malformedMultipart: return "malformed_multipart"
        case .missingFile: return "missing_file"
        case .emptyFile: return "empty_file"
        case .invalidField: return "invalid_field"
        case .uploadTooLarge: return "upload_too_large"
        case .requestTimeout: return "request_timeout"
        case .unsupportedFileType: return "unsupported_file_type"
        case .busy: return "busy"
        case .storeUnavailable: return "store_unavailable"
        case .invalidResultID: return "invalid_result_id"
        case .resultNotFound: return "result_not_found"
        case .invalidPath: return "invalid_path"
        case .malformedRequest: return "malformed_request"
        case .routeNotFound: return "not_found"
        case .rangeNotSatisfiable: return "range_not_satisfiable"
        case .internalError: return "internal_error"
        case .analysis(let failure):
            switch failure {
            case .unsupportedFormat: return "unsupported_format"
            case .invalidInput: return "invalid_input"
            case .unanalysableSignal: return "unanalysable_signal"
            case .modelFailure: return "model_failure"
            case .timedOut: return failure.code
            case .imageDecoding(let image): return image.code
            }
        }
    }

    /// One-line message for the client.
    public var description: String {
        switch self {
        case .notMultipart(let contentType):
            return "expected a multipart/form-data upload with a field named 'file', got content type "
                + (contentType.map { "'\(Self.clip($0))'" } ?? "none")
        case .malformedMultipart(let reason): return "malformed multipart body: \(reason)"
        case .missingFile: return "no file uploaded: send the recording as multipart/form-data in a field named 'file'"
        case .emptyFile: return "the uploaded file is empty"
        case .invalidField(let name, let reason): return "invalid form field '\(Self.clip(name))': \(reason)"
        case .uploadTooLarge(let limit):
            return "upload too large: the limit is \(Self.megabytes(limit))"
        case .requestTimeout(let limit):
            return "the request body did not arrive within \(Self.seconds(limit)) s"
        case .unsupportedFileType(let ext):
            let shown = ext.isEmpty ? "a file without an extension" : "'.\(Self.clip(ext))' files"
            return "unsupported file type: \(shown) are not accepted; send one of "
                + UploadPolicy.acceptedExtensions.map { ".\($0)" }.joined(separator: ", ")
        case .analysis(let failure): return failure.message
        case .busy(let seconds): return "the analysis queue is full; retry in \(seconds) s"
        case .storeUnavailable(let seconds):
            return "the result store is unavailable, so nothing was saved; retry in \(seconds) s"
        case .invalidResultID: return "not a result id: ids look like 0190f3c4-8e1a-7b2c-9d4e-5f6a7b8c9d0e"
        case .resultNotFound(let id): return "no saved result with id \(id)"
        case .invalidPath: return "invalid request path"
        case .malformedRequest: return "the request could not be read: its body ended early or is not valid HTTP"
        case .rangeNotSatisfiable: return "the requested byte range is outside the file"
        case .routeNotFound(let method, let path): return "no route for \(method) \(Self.clip(path))"
        case .internalError: return "internal error"
        }
    }

    /// The JSON body `{"error": {"code", "message"}}`.
    public var jsonBody: Data {
        let body = ErrorBody(error: .init(code: code, message: description))
        return (try? JSONEncoder().encode(body)) ?? Data(#"{"error":{"code":"internal_error","message":"internal error"}}"#.utf8)
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable { let code: String; let message: String }
        let error: Detail
    }

    /// Keeps echoed client text short enough for one line.
    private static func clip(_ text: String) -> String {
        let oneLine = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        return oneLine.count <= 80 ? oneLine : String(oneLine.prefix(77)) + "..."
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        return value == value.rounded() ? String(Int(value)) : String(format: "%.3g", value)
    }

    private static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}

extension ServiceError: HTTPResponseError {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        switch self {
        case .busy(let seconds), .storeUnavailable(let seconds): headers[.retryAfter] = String(seconds)
        case .requestTimeout: headers[.connection] = "close"
        default: break
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: jsonBody)))
    }
}
#endif
