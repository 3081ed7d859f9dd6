import ECGAnalysis
import Foundation
import FuzzSupport

/// The WFDB reader (`ECGFileReader.readWFDB`): the input is a `.hea` header, a NUL byte, then the bytes of its data
/// file. Every data file name the header's signal lines give is served those bytes, so one input exercises every
/// storage format the header asks for (16, 61, 80, 160, 212, 311, and the unsupported ones). Any typed
/// `ECGAnalysisError` is a correct answer; a crash, a trap or a sanitizer report is a bug.
@_cdecl("FuzzWFDB_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { start, count in fuzzWFDB(start, count) }
}

func fuzzWFDB(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let bytes = UnsafeBufferPointer(start: start, count: count)
    let split = bytes.firstIndex(of: 0) ?? count
    let header = Data(bytes[0..<split])
    let body = split < count ? Data(bytes[(split + 1)...]) : Data()
    var files: [String: Data] = [:]
    let text = String(decoding: header, as: UTF8.self)
    for line in text.split(whereSeparator: \.isNewline).dropFirst().prefix(64) {
        if let name = line.split(separator: " ").first { files[String(name)] = body }
    }
    let options = ECGReadOptions(maxSamples: 200_000, maxLeads: 16)
    _ = try? ECGFileReader.readWFDB(header: header, dataFiles: files, options: options)
    return 0
}
