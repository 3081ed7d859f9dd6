import CImage

/// JPEG through libjpeg-turbo's TurboJPEG API (`tjDecompressHeader3`, `tjDecompress2`), which reports errors by
/// return code and `tjGetErrorStr2` (its internal longjmp never leaves C).
///
/// Baseline, progressive and arithmetic-coded JPEGs in grayscale or YCbCr decode to RGB; progressive files with an
/// absurd number of scans are refused (`TJFLAG_LIMITSCANS`). The EXIF orientation is applied after decoding, so
/// the result is upright as a viewer shows it. CMYK/YCCK JPEGs are refused as unsupported.
enum JPEGDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageDecodingLimits) throws(ImageDecodingError) -> RasterImage {
        let metadata = JPEGMetadata(scanning: ByteView(bytes))
        if let width = metadata.width, let height = metadata.height {
            try limits.check(width: width, height: height)
        }
        guard let handle = tjInitDecompress() else { throw .malformed(.jpeg, "the JPEG decoder could not start") }
        defer { tjDestroy(handle) }

        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0 else { throw failure(handle, truncatedIfShort: true) }
        try limits.check(width: Int(width), height: Int(height))
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw .unsupportedVariant(.jpeg, "CMYK colour (print separations); save it as RGB")
        }

        let w = Int(width), h = Int(height)
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        let status = bytes.withUnsafeBufferPointer { source in
            rgb.withUnsafeMutableBufferPointer { target in
                tjDecompress2(
                    handle, source.baseAddress, UInt(source.count), target.baseAddress, width, 0, height,
                    Int32(TJPF_RGB.rawValue), TJFLAG_LIMITSCANS)
            }
        }
        if status != 0 {
            // Extraneous bytes between markers leave a complete image; any other warning (premature end, a damaged
            // table between progressive scans) means pixels are missing.
            let message = String(cString: tjGetErrorStr2(handle))
            if tjGetErrorCode(handle) == Int32(TJERR_FATAL.rawValue) || !message.lowercased().contains("extraneous bytes") {
                throw failure(handle, truncatedIfShort: true)
            }
        }
        let upright = metadata.orientation.apply(rgb, width: w, height: h)
        return try ImageDecoder.raster(
            width: upright.width, height: upright.height, rgb: upright.rgb, dotsPerInch: metadata.dotsPerInch, format: .jpeg)
    }

    /// The error TurboJPEG recorded for `handle`.
    private static func failure(_ handle: tjhandle, truncatedIfShort: Bool) -> ImageDecodingError {
        let message = String(cString: tjGetErrorStr2(handle))
        let lower = message.lowercased()
        if truncatedIfShort && (lower.contains("premature end") || lower.contains("incomplete") || lower.contains("empty input")) {
            return .truncated(.jpeg)
        }
        if lower.contains("unsupported") || lower.contains("not supported") {
            return .unsupportedVariant(.jpeg, message)
        }
        return .malformed(.jpeg, message.isEmpty ? "libjpeg-turbo failed without a message" : message)
    }
}
