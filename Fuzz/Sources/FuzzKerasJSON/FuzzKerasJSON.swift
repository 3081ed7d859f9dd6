import Foundation
import FuzzSupport
import KerasFormat

/// The Keras model-config JSON parser (NaN / Infinity allowed, as Keras writes them) on arbitrary bytes.
@_cdecl("FuzzKerasJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { start, count in fuzzKerasJSON(start, count) }
}

func fuzzKerasJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    _ = try? JSONValue(parsing: Data(bytes: start, count: count))
    return 0
}
