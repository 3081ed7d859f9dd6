/// A decoded image in memory: 8-bit RGB, row-major, top row first, with any EXIF orientation already applied.
///
/// Every decoder (PNG, JPEG, BMP) produces this one form, so the digitizer never sees a file format.
/// Grayscale, palette, alpha and 16-bit sources are converted to it (alpha composited over white).
public struct RasterImage: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// `width · height · 3` bytes: R, G, B per pixel, row after row from the top-left corner.
    public let rgb: [UInt8]
    /// Dots per inch stated by the file (PNG `pHYs`, JPEG JFIF/EXIF density, BMP pixels per metre), if any.
    public let dotsPerInch: Double?

    /// Wraps decoded pixels. Throws `ECGAnalysisError.invalidInput` when the buffer does not match the size.
    public init(width: Int, height: Int, rgb: [UInt8], dotsPerInch: Double? = nil) throws {
        guard width > 0, height > 0, width.multipliedReportingOverflow(by: height).overflow == false,
              rgb.count == width * height * 3 else {
            throw ECGAnalysisError.invalidInput("image buffer of \(rgb.count) bytes does not match \(width)×\(height) RGB")
        }
        self.width = width
        self.height = height
        self.rgb = rgb
        self.dotsPerInch = dotsPerInch
    }

    /// Luminance per pixel, 0 (black) … 255 (white), ITU-R BT.601 weights: `Y = (299 R + 587 G + 114 B) / 1000`.
    public func luminance() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: width * height)
        rgb.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<dst.count {
                    let r = Int(src[3 * i]), g = Int(src[3 * i + 1]), b = Int(src[3 * i + 2])
                    dst[i] = UInt8((299 &* r &+ 587 &* g &+ 114 &* b &+ 500) / 1000)
                }
            }
        }
        return out
    }
}
