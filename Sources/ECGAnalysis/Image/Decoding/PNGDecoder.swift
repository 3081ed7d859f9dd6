import CImage

/// PNG through libpng's simplified API (`png_image_begin_read_from_memory` / `png_image_finish_read`), which
/// reports errors in `png_image.message` instead of long-jumping through the caller: safe to call from Swift.
///
/// Every PNG colour type (grayscale, palette, truecolour, with or without alpha), bit depth (1–16) and Adam7
/// interlacing is converted by libpng to 8-bit sRGB; alpha is composited over white. Before libpng runs, the chunk
/// list up to the first `IDAT` is walked in Swift: `IHDR` gives the size checked against the limits, `pHYs` the
/// resolution.
enum PNGDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageDecodingLimits) throws(ImageDecodingError) -> RasterImage {
        let header = try scanChunks(ByteView(bytes))
        try limits.check(width: header.width, height: header.height)

        var image = cimage_png_image()
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw failure(image) }
        // From here libpng holds memory until finish_read returns (success or not) or png_image_free is called.
        let width = Int(image.width), height = Int(image.height)
        guard width == header.width, height == header.height else {
            png_image_free(&image)
            throw .malformed(.png, "libpng reports a size other than the IHDR chunk's")
        }
        // After begin_read, `format` describes the file: keep its alpha and, for 16-bit files, its precision.
        // (libpng treats 16-bit data as linear and composites in linear light, so both are done here instead:
        // 16-bit values are scaled to 8 bits and alpha is composited over white on the stored values.)
        let alpha = image.format & PNG_FORMAT_FLAG_ALPHA != 0, wide = header.bitDepth == 16
        let channels = alpha ? 4 : 3
        let intermediate = alpha || wide ? channels * (wide ? 2 : 1) : 0
        do {
            try limits.check(width: width, height: height, bytesPerPixel: 3 + intermediate)
        } catch {
            png_image_free(&image)
            throw error
        }
        image.format = PNG_FORMAT_FLAG_COLOR | (alpha ? PNG_FORMAT_FLAG_ALPHA : 0) | (wide ? PNG_FORMAT_FLAG_LINEAR : 0)
        let stride = png_int_32(width * channels)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        if wide {
            // Linear formats with alpha are premultiplied: over white, c' = c·a/65535 + (65535 − a).
            var wideBuffer = [UInt16](repeating: 0, count: width * height * channels)
            let finished = wideBuffer.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, stride, nil) }
            guard finished != 0 else { throw failure(image) }
            for i in 0..<(width * height) {
                let a = alpha ? 65535 - Int(wideBuffer[4 * i + 3]) : 0
                for c in 0..<3 {
                    let value = min(65535, Int(wideBuffer[channels * i + c]) + a)
                    rgb[3 * i + c] = UInt8((value * 255 + 32767) / 65535)
                }
            }
        } else if alpha {
            var rgba = [UInt8](repeating: 0, count: width * height * 4)
            let finished = rgba.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, stride, nil) }
            guard finished != 0 else { throw failure(image) }
            for i in 0..<(width * height) {
                let a = Int(rgba[4 * i + 3])
                for c in 0..<3 { rgb[3 * i + c] = UInt8((Int(rgba[4 * i + c]) * a + 255 * (255 - a) + 127) / 255) }
            }
        } else {
            let finished = rgb.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, stride, nil) }
            guard finished != 0 else { throw failure(image) }
        }
        return try ImageDecoder.raster(width: width, height: height, rgb: rgb, dotsPerInch: header.dotsPerInch, format: .png)
    }

    struct Header {
        var width: Int
        var height: Int
        var bitDepth: Int
        var dotsPerInch: Double?
    }

    /// Checks the signature and `IHDR`, then walks chunks up to the first `IDAT` for `pHYs`.
    static func scanChunks(_ view: ByteView) throws(ImageDecodingError) -> Header {
        // 8-byte signature, then IHDR: length 13, type, width, height, depth, colour type, …
        guard view.count >= 8 + 8 + 13 + 4 else { throw .truncated(.png) }
        guard view.u32be(8) == 13, view.bytes[12..<16].elementsEqual("IHDR".utf8),
              let rawWidth = view.u32be(16), let rawHeight = view.u32be(20) else {
            throw .malformed(.png, "the first chunk is not a 13-byte IHDR")
        }
        // PNG limits each side to 2³¹ − 1; larger values are invalid, not huge.
        guard rawWidth <= UInt32(Int32.max), rawHeight <= UInt32(Int32.max) else {
            throw .invalidDimensions(width: Int(Int32(bitPattern: rawWidth)), height: Int(Int32(bitPattern: rawHeight)))
        }
        var header = Header(width: Int(rawWidth), height: Int(rawHeight), bitDepth: Int(view.bytes[24]))
        var offset = 8
        while let length = view.u32be(offset) {
            let type = view.contains(offset + 4, 4) ? Array(view.bytes[(offset + 4)..<(offset + 8)]) : []
            guard length <= UInt32(Int32.max), view.contains(offset + 8, Int(length) + 4) else {
                throw .truncated(.png)
            }
            if type.elementsEqual("IDAT".utf8) || type.elementsEqual("IEND".utf8) { return header }
            if type.elementsEqual("pHYs".utf8), length == 9, view.u8(offset + 16) == 1,
               let perMetre = view.u32be(offset + 8), perMetre > 0 {
                header.dotsPerInch = Double(perMetre) * 0.0254
            }
            offset += 12 + Int(length)
        }
        throw .truncated(.png)
    }

    /// The error libpng recorded in `image.message`.
    private static func failure(_ image: png_image) -> ImageDecodingError {
        var copy = image
        let message = String(cString: cimage_png_message(&copy))
        let lower = message.lowercased()
        if lower.contains("not enough") || lower.contains("truncat") || lower.contains("end of") || lower.contains("too short") {
            return .truncated(.png)
        }
        return .malformed(.png, message.isEmpty ? "libpng failed without a message" : message)
    }
}
