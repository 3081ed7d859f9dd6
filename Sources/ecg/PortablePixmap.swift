import ECGAnalysis
import Foundation

/// Reader for binary PPM (`P6`, 8-bit) images: the lossless pixel dump the renderer in tools/render writes next to
/// each PNG/JPEG, so the digitization scorer sees exactly the decoded pixels.
enum PortablePixmap {
    /// Largest image accepted, pixels.
    static let maxPixels = 100_000_000

    static func read(path: String, dotsPerInch: Double? = nil) throws -> RasterImage {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ECGAnalysisError.invalidInput("cannot read \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        let bytes = [UInt8](data)
        var index = 0
        func token() throws -> Int {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != 10 { index += 1 }
                } else if bytes[index] == 32 || (9...13).contains(bytes[index]) {
                    index += 1
                } else { break }
            }
            var value = 0, digits = 0
            while index < bytes.count, (48...57).contains(bytes[index]), digits < 9 {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
                digits += 1
            }
            guard digits > 0 else { throw ECGAnalysisError.invalidInput("malformed PPM header") }
            return value
        }
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "P"), bytes[1] == UInt8(ascii: "6") else {
            throw ECGAnalysisError.unsupportedFormat("not a binary PPM (P6) file")
        }
        index = 2
        let width = try token(), height = try token(), maxValue = try token()
        index += 1
        guard width > 0, height > 0, width * height <= maxPixels, maxValue == 255,
              bytes.count - index >= width * height * 3 else {
            throw ECGAnalysisError.invalidInput("unsupported or truncated PPM (\(width)×\(height), max \(maxValue))")
        }
        return try RasterImage(width: width, height: height, rgb: Array(bytes[index..<(index + width * height * 3)]),
                               dotsPerInch: dotsPerInch)
    }
}
