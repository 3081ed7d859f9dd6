/// Upper bounds checked from an image's header before any pixel is decoded, so that a small file claiming a huge
/// image (a decompression bomb) is refused without allocating for it.
///
/// The decoded form is 8-bit RGB (3 bytes per pixel); some sources decode through a wider intermediate form
/// (RGBA for alpha, 16-bit channels for 16-bit PNG), and `maxDecodedBytes` bounds the intermediate and the result
/// together.
public struct ImageDecodingLimits: Sendable, Equatable {
    /// Largest `width · height` accepted.
    public var maxPixels: Int
    /// Largest width and largest height accepted, pixels.
    public var maxDimension: Int
    /// Largest number of bytes the decoder may hold for pixels (intermediate form plus the RGB result).
    public var maxDecodedBytes: Int

    /// Defaults: 40 megapixels (a 300-dpi A3 page is 17.5 MP, a 12-MP phone photo 12 MP), 20 000 px per side.
    public static let defaultMaxPixels = 40_000_000
    public static let defaultMaxDimension = 20_000
    /// Default decoded-byte budget: 320 MiB (a 40-MP image decoded through RGBA: 40 M × (4 + 3) bytes).
    public static let defaultMaxDecodedBytes = 320 << 20

    /// Limits are clamped to at least 1 pixel and at most 2²⁸ pixels / 2¹⁸ px per side, so that size arithmetic
    /// on them cannot overflow a 32-bit row stride.
    public init(
        maxPixels: Int = Self.defaultMaxPixels, maxDimension: Int = Self.defaultMaxDimension,
        maxDecodedBytes: Int = Self.defaultMaxDecodedBytes
    ) {
        self.maxPixels = min(max(1, maxPixels), 1 << 28)
        self.maxDimension = min(max(1, maxDimension), 1 << 18)
        self.maxDecodedBytes = min(max(3, maxDecodedBytes), 1 << 34)
    }

    /// Throws unless `width × height` is positive and within the limits, and decoding it through
    /// `bytesPerPixel` bytes of pixel memory (intermediate plus result) fits `maxDecodedBytes`.
    func check(width: Int, height: Int, bytesPerPixel: Int = 3) throws(ImageDecodingError) {
        guard width > 0, height > 0 else { throw .invalidDimensions(width: width, height: height) }
        guard width <= maxDimension, height <= maxDimension,
              !width.multipliedReportingOverflow(by: height).overflow, width * height <= maxPixels else {
            throw .tooLarge(width: width, height: height, maxPixels: maxPixels, maxDimension: maxDimension)
        }
        guard width * height <= maxDecodedBytes / bytesPerPixel else {
            throw .decodedTooLarge(width: width, height: height, maxDecodedBytes: maxDecodedBytes)
        }
    }
}
