import Foundation

/// Decodes PNG, JPEG and BMP files into ``RasterImage`` (8-bit RGB, top row first, EXIF orientation applied).
///
/// The format comes from the file's signature, never from its name. The header's size is checked against
/// ``limits`` before any pixel memory is allocated, so hostile files (decompression bombs, absurd headers, truncated
/// data) end in a typed ``ImageDecodingError`` rather than a crash or an allocation of gigabytes.
/// ```swift
/// let image = try ImageDecoder().decode(Data(contentsOf: url))
/// print(image.width, image.height, image.dotsPerInch ?? 0)
/// ```
public struct ImageDecoder: Sendable {
    public var limits: ImageDecodingLimits

    public init(limits: ImageDecodingLimits = .init()) {
        self.limits = limits
    }

    /// Decodes an image file's bytes.
    public func decode(_ data: Data) throws(ImageDecodingError) -> RasterImage {
        try decode([UInt8](data))
    }

    /// Decodes an image file's bytes.
    public func decode(_ bytes: [UInt8]) throws(ImageDecodingError) -> RasterImage {
        guard let format = ImageFormat(sniffing: bytes) else {
            // A PNG/JPEG/BMP cut inside its signature is still recognisably that file.
            if bytes.count < 8, !bytes.isEmpty, Self.isSignaturePrefix(bytes) { throw .truncated(.png) }
            throw .unrecognizedFormat
        }
        switch format {
        case .png: return try PNGDecoder.decode(bytes, limits: limits)
        case .jpeg: return try JPEGDecoder.decode(bytes, limits: limits)
        case .bmp: return try BMPDecoder.decode(bytes, limits: limits)
        }
    }

    private static func isSignaturePrefix(_ bytes: [UInt8]) -> Bool {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A].starts(with: bytes)
    }

    /// Wraps decoded pixels whose size the decoder has already checked.
    static func raster(
        width: Int, height: Int, rgb: [UInt8], dotsPerInch: Double?, format: ImageFormat
    ) throws(ImageDecodingError) -> RasterImage {
        do {
            let dpi = dotsPerInch.flatMap { $0.isFinite && $0 >= 10 && $0 <= 10_000 ? $0 : nil }
            return try RasterImage(width: width, height: height, rgb: rgb, dotsPerInch: dpi)
        } catch {
            throw .malformed(format, "decoded buffer does not match \(width)×\(height)")
        }
    }
}
