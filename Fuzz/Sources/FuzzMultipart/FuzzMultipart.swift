import ECGService
import Foundation
import FuzzSupport
import NIOCore

/// The `/predict` body parsing the service does (`PredictForm.parse`): the request's `Content-Type` (boundary
/// extraction), MultipartKit's `MultipartParser` over the body, the part collector (header count, field sizes, first
/// `file` part) and the form checks (file name, `lead`, `sample_rate`, `include_trace`). The input's first line (up
/// to 200 bytes) is the `Content-Type` value, the rest the body. A typed `ServiceError` is a correct answer; a crash,
/// a trap, a sanitizer report or a parsed form that breaks the service's promises below is a bug.
@_cdecl("FuzzMultipart_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { start, count in fuzzMultipart(start, count) }
}

func fuzzMultipart(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let newline = bytes.prefix(200).firstIndex(of: 0x0A)
    let contentType = newline.map { String(decoding: bytes[..<$0], as: UTF8.self) }
    let body = ByteBuffer(bytes: newline.map { bytes[($0 + 1)...] } ?? bytes[...])
    guard let form = try? PredictForm.parse(body: body, contentType: contentType) else { return 0 }
    // What the service relies on after a successful parse.
    precondition(!form.fileName.isEmpty && form.fileName.utf8.count <= 4 * 255, "empty or overlong file name")
    precondition(!form.fileName.contains("/") && !form.fileName.contains("\\"), "a path in the file name")
    precondition(!form.fileName.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "a control character in the file name")
    precondition(!form.file.isEmpty && form.file.count < count, "file bytes out of thin air")
    if let lead = form.lead { precondition(!lead.isEmpty && lead.count <= 32, "lead out of bounds") }
    if let rate = form.sampleRate { precondition(rate.isFinite && (1...100_000).contains(rate), "sample rate out of bounds") }
    return 0
}
