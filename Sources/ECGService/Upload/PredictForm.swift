#if Service
import Foundation
import MultipartKit
import NIOCore

/// The `/predict` form: the uploaded file plus optional analysis fields. Public so that the multipart parsing the
/// service does can be driven on its own (the libFuzzer target `FuzzMultipart`).
public struct PredictForm: Sendable {
    /// Client file name reduced to its last path component (used for the extension only).
    public var fileName: String
    /// File bytes.
    public var file: Data
    /// Form field `lead`: lead to analyse, e.g. "MLII".
    public var lead: String?
    /// Form field `sample_rate`: Hz, used when the file does not say.
    public var sampleRate: Double?
    /// Form field `include_trace` ("true"/"1"): add the analysed lead to the response for plotting.
    public var includeTrace: Bool = false
}

extension PredictForm {
    /// Longest accepted value of a non-file field, in bytes.
    static let maxFieldBytes = 256
    /// Most headers accepted in one part.
    static let maxHeadersPerPart = 16

    /// Parses a `multipart/form-data` body.
    /// - Parameters:
    ///   - body: the whole request body (already size-limited).
    ///   - contentType: the request's `Content-Type` header.
    /// - Throws: ``ServiceError/notMultipart(contentType:)``, ``ServiceError/malformedMultipart(_:)``,
    ///   ``ServiceError/missingFile``, ``ServiceError/emptyFile`` or ``ServiceError/invalidField(_:_:)``.
    public static func parse(body: ByteBuffer, contentType: String?) throws(ServiceError) -> PredictForm {
        let boundary = try multipartBoundary(contentType: contentType)
        guard body.readableBytes > 0 else { throw .missingFile }
        guard !MultipartHeaderNames.containNonASCII(body, boundary: boundary) else {
            throw .malformedMultipart("a part header name holds a byte outside ASCII")
        }

        let collector = PartCollector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collector.header(name: name, value: value) }
        parser.onBody = { chunk in collector.body(&chunk) }
        parser.onPartComplete = { collector.completePart() }
        do {
            try parser.execute(body)
        } catch {
            throw .malformedMultipart("bad part headers or boundary syntax")
        }
        if let problem = collector.problem { throw .malformedMultipart(problem) }
        guard !collector.partOpen else { throw .malformedMultipart("the body ended inside a part, before its boundary") }
        guard collector.sawAnyPart else { throw .malformedMultipart("no part delimited by the declared boundary") }
        return try collector.form()
    }

    /// The boundary parameter of a `multipart/form-data` content type.
    static func multipartBoundary(contentType: String?) throws(ServiceError) -> String {
        guard let contentType else { throw .notMultipart(contentType: nil) }
        let header = HeaderParameters(contentType)
        guard header.value.lowercased() == "multipart/form-data" else { throw .notMultipart(contentType: contentType) }
        guard let boundary = header.parameters["boundary"], !boundary.isEmpty else {
            throw .malformedMultipart("the content type has no boundary parameter")
        }
        guard boundary.utf8.count <= 70, boundary.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            throw .malformedMultipart("the boundary must be 1 to 70 printable ASCII characters")
        }
        return boundary
    }
}

/// Gathers parts from `MultipartParser` callbacks (which cannot throw: problems are recorded and checked after).
private final class PartCollector {
    private struct Part {
        var headerCount = 0
        var disposition: HeaderParameters?
        var body = ByteBuffer()
    }

    private var current = Part()
    private var fileName: String?
    private var file: ByteBuffer?
    private var fields: [String: String] = [:]
    private(set) var problem: String?
    private(set) var sawAnyPart = false
    /// A part's headers have started and its closing boundary has not come yet.
    private(set) var partOpen = false

    func header(name: String, value: String) {
        partOpen = true
        current.headerCount += 1
        if current.headerCount > PredictForm.maxHeadersPerPart {
            problem = problem ?? "more than \(PredictForm.maxHeadersPerPart) headers in one part"
        }
        if name.lowercased() == "content-disposition" {
            current.disposition = HeaderParameters(value)
        }
    }

    func body(_ chunk: inout ByteBuffer) {
        guard let name = current.disposition?.parameters["name"] else { return }
        if name == "file" {
            guard file == nil else { return }   // only the first `file` part counts
            current.body.writeBuffer(&chunk)
        } else if current.body.readableBytes + chunk.readableBytes <= PredictForm.maxFieldBytes {
            current.body.writeBuffer(&chunk)
        } else {
            problem = problem ?? "form field '\(name.prefix(32))' is longer than \(PredictForm.maxFieldBytes) bytes"
        }
    }

    func completePart() {
        defer { current = Part() }
        sawAnyPart = true
        partOpen = false
        guard let disposition = current.disposition, let name = disposition.parameters["name"] else { return }
        if name == "file" {
            guard file == nil else { return }
            file = current.body
            fileName = disposition.parameters["filename*"].flatMap(Self.decodeExtendedValue)
                ?? disposition.parameters["filename"]
        } else if fields[name] == nil {
            fields[name] = String(decoding: current.body.readableBytesView, as: UTF8.self)
        }
    }

    func form() throws(ServiceError) -> PredictForm {
        guard let file, let rawName = fileName else { throw .missingFile }
        let name = Self.lastPathComponent(rawName)
        guard !name.isEmpty else { throw .missingFile }
        guard file.readableBytes > 0 else { throw .emptyFile }
        var form = PredictForm(fileName: name, file: Data(file.readableBytesView))
        if let lead = fields["lead"]?.trimmingCharacters(in: .whitespaces), !lead.isEmpty {
            guard lead.count <= 32, lead.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw .invalidField("lead", "expected a lead name such as MLII, at most 32 characters")
            }
            form.lead = lead
        }
        if let text = fields["sample_rate"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard let rate = Double(text), rate.isFinite, rate >= 1, rate <= 100_000 else {
                throw .invalidField("sample_rate", "expected a sampling rate in Hz between 1 and 100000")
            }
            form.sampleRate = rate
        }
        if let flag = fields["include_trace"]?.trimmingCharacters(in: .whitespaces).lowercased() {
            form.includeTrace = ["1", "true", "yes", "on"].contains(flag)
        }
        return form
    }

    /// Drops any directory part a client put in the file name (`C:\x\a.csv`, `../a.csv`) and control characters.
    private static func lastPathComponent(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
        return String(clean.prefix(255))
    }

    /// RFC 8187 `filename*` value: `UTF-8''name%20with%20spaces.csv`.
    private static func decodeExtendedValue(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}

/// A header value with `;`-separated parameters, e.g. `form-data; name="file"; filename="a.csv"`.
/// Parameter names are lower-cased; quoted values may contain `;` and backslash escapes.
struct HeaderParameters: Sendable {
    var value: String
    var parameters: [String: String]

    init(_ header: String) {
        var pieces: [String] = []
        var piece = ""
        var inQuotes = false
        var escaped = false
        for character in header {
            if escaped {
                piece.append(character)
                escaped = false
            } else if inQuotes && character == "\\" {
                piece.append(character)
                escaped = true
            } else if character == "\"" {
                inQuotes.toggle()
                piece.append(character)
            } else if character == ";" && !inQuotes {
                pieces.append(piece)
                piece = ""
            } else {
                piece.append(character)
            }
        }
        pieces.append(piece)

        value = pieces[0].trimmingCharacters(in: .whitespaces)
        parameters = [:]
        for parameter in pieces.dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let raw = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, parameters[name] == nil else { continue }
            parameters[name] = Self.unquote(raw)
        }
    }

    private static func unquote(_ raw: String) -> String {
        guard raw.count >= 2, raw.first == "\"", raw.last == "\"" else { return raw }
        var result = ""
        var escaped = false
        for character in raw.dropFirst().dropLast() {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
#endif
