/// Why an image file could not be decoded. Each case has a stable `code` and a one-line, user-safe `message`;
/// the analysis library carries it as `ECGAnalysisError.imageDecoding` and the service maps it to a 4xx status.
public enum ImageDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not a PNG, JPEG or BMP file. HTTP 415.
    case unrecognizedFormat
    /// A format variant the decoders do not read (CMYK JPEG, BMP with embedded JPEG/PNG, …). HTTP 415.
    case unsupportedVariant(ImageFormat, String)
    /// The header gives a zero or negative width or height. HTTP 422.
    case invalidDimensions(width: Int, height: Int)
    /// The header claims more pixels than the limits allow; nothing was decoded. HTTP 413.
    case tooLarge(width: Int, height: Int, maxPixels: Int, maxDimension: Int)
    /// The header's size is within the pixel limits, but decoding it (through its intermediate form) would need more
    /// than `maxDecodedBytes` bytes of pixel memory; nothing was decoded. HTTP 413.
    case decodedTooLarge(width: Int, height: Int, maxDecodedBytes: Int)
    /// The file ends before its image data does. HTTP 422.
    case truncated(ImageFormat)
    /// The file is structurally invalid (bad header, corrupt compressed data); the reason says where. HTTP 422.
    case malformed(ImageFormat, String)

    /// Stable machine-readable code, used as `error.code` in JSON responses.
    public var code: String {
        switch self {
        case .unrecognizedFormat, .unsupportedVariant: "unsupported_image"
        case .tooLarge, .decodedTooLarge: "image_too_large"
        case .invalidDimensions, .truncated, .malformed: "unreadable_image"
        }
    }

    /// One line for the user.
    public var message: String {
        switch self {
        case .unrecognizedFormat:
            "the file is not a PNG, JPEG or BMP image"
        case .unsupportedVariant(let format, let what):
            "unsupported \(format.displayName) variant: \(what)"
        case .invalidDimensions(let width, let height):
            "the image header gives an invalid size \(width)×\(height)"
        case .tooLarge(let width, let height, let maxPixels, let maxDimension):
            "the image is \(width)×\(height) pixels; the limit is \(Self.megapixels(maxPixels)) megapixels and \(maxDimension) pixels per side"
        case .decodedTooLarge(let width, let height, let maxDecodedBytes):
            "decoding the \(width)×\(height) image needs more than the limit of \(Self.mebibytes(maxDecodedBytes)) of pixel memory"
        case .truncated(let format):
            "the \(format.displayName) file is truncated: it ends before its image data does"
        case .malformed(let format, let reason):
            "the \(format.displayName) file cannot be read: \(reason)"
        }
    }

    public var description: String { message }

    /// `pixels` in megapixels, up to two decimals ("40", "0.1").
    private static func megapixels(_ pixels: Int) -> String {
        let value = (Double(pixels) / 10_000).rounded() / 100
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// `bytes` as "320 MiB", or "300000 bytes" when not a whole number of MiB.
    private static func mebibytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }
}

extension ImageFormat {
    /// "PNG", "JPEG", "BMP".
    var displayName: String { rawValue.uppercased() }
}
