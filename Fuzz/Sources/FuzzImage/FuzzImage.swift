import ECGAnalysis
import Foundation
import FuzzSupport

/// The image decoders (PNG through libpng, JPEG through libjpeg-turbo, BMP in Swift) on arbitrary bytes, under a
/// 4-megapixel limit. Any `ImageDecodingError` is a correct answer; a crash or a sanitizer report is a bug.
@_cdecl("FuzzImage_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { start, count in fuzzImage(start, count) }
}

func fuzzImage(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    _ = try? ImageDecoder(limits: ImageDecodingLimits(maxPixels: 4_000_000)).decode(bytes)
    return 0
}
