/// BMP parsed in Swift: 1/4/8-bit palette, 16/24/32-bit (default layouts or `BI_BITFIELDS` masks, alpha composited
/// over white), bottom-up and top-down rows, `BI_RLE8` and `BI_RLE4`.
///
/// Every read is bounds-checked: the header is validated (``BMPHeader``) and the pixel data's length checked
/// against `rowStride · height` before the output is allocated; RLE streams cannot write outside the image.
enum BMPDecoder {
    static func decode(_ bytes: [UInt8], limits: ImageDecodingLimits) throws(ImageDecodingError) -> RasterImage {
        let view = ByteView(bytes)
        let header = try BMPHeader(view, limits: limits)
        let rgb: [UInt8]
        switch header.compression {
        case .none, .bitfields: rgb = try uncompressed(view, header)
        case .rle8, .rle4: rgb = try runLength(view, header)
        }
        return try ImageDecoder.raster(
            width: header.width, height: header.height, rgb: rgb, dotsPerInch: header.dotsPerInch, format: .bmp)
    }

    /// Uncompressed rows of `header.rowStride` bytes; the last row may omit its padding.
    private static func uncompressed(_ view: ByteView, _ header: BMPHeader) throws(ImageDecodingError) -> [UInt8] {
        let width = header.width, height = header.height, bpp = header.bitsPerPixel, stride = header.rowStride
        let lastRowBytes = (bpp * width + 7) / 8
        guard view.contains(header.pixelOffset, stride * (height - 1) + lastRowBytes) else { throw .truncated(.bmp) }
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        var alpha: [UInt8] = header.alpha.bits > 0 ? [UInt8](repeating: 0, count: width * height) : []
        let palette = header.palette
        view.bytes.withUnsafeBufferPointer { src in
            rgb.withUnsafeMutableBufferPointer { dst in
                for fileRow in 0..<height {
                    let y = header.topDown ? fileRow : height - 1 - fileRow
                    let row = header.pixelOffset + fileRow * stride
                    let out = 3 * y * width
                    for x in 0..<width {
                        let o = out + 3 * x
                        switch bpp {
                        case 24:
                            let p = row + 3 * x
                            (dst[o], dst[o + 1], dst[o + 2]) = (src[p + 2], src[p + 1], src[p])
                        case 16, 32:
                            let p = row + (bpp / 8) * x
                            var pixel = UInt32(src[p]) | UInt32(src[p + 1]) << 8
                            if bpp == 32 { pixel |= UInt32(src[p + 2]) << 16 | UInt32(src[p + 3]) << 24 }
                            (dst[o], dst[o + 1], dst[o + 2]) = (header.red.value(pixel), header.green.value(pixel), header.blue.value(pixel))
                            if !alpha.isEmpty { alpha[y * width + x] = header.alpha.value(pixel) }
                        default:
                            // 1, 4 or 8 bits per index, most significant bits first.
                            let bit = x * bpp
                            let byte = src[row + bit >> 3]
                            let index = Int(byte >> UInt8(8 - bpp - (bit & 7))) & ((1 << bpp) - 1)
                            let colour = index < palette.count ? palette[index] : (0, 0, 0)
                            (dst[o], dst[o + 1], dst[o + 2]) = colour
                        }
                    }
                }
            }
        }
        // An alpha channel of all zeros is the common "unused" convention: the image is opaque.
        if !alpha.isEmpty, alpha.contains(where: { $0 != 0 }) {
            for i in 0..<alpha.count where alpha[i] != 255 {
                let a = Int(alpha[i])
                for c in 0..<3 { rgb[3 * i + c] = UInt8((Int(rgb[3 * i + c]) * a + 255 * (255 - a) + 127) / 255) }
            }
        }
        return rgb
    }

    /// `BI_RLE8` / `BI_RLE4`: (count, value) runs, and escapes 0 = end of line, 1 = end of bitmap, 2 = move (dx, dy),
    /// n ≥ 3 = n literal indices padded to 16 bits. Rows run bottom-up; pixels the stream skips keep palette index 0;
    /// runs past the right edge are clipped.
    private static func runLength(_ view: ByteView, _ header: BMPHeader) throws(ImageDecodingError) -> [UInt8] {
        let width = header.width, height = header.height, nibbles = header.compression == .rle4
        var indices = [UInt8](repeating: 0, count: width * height)
        var x = 0, y = 0   // y counts rows from the bottom
        var p = header.pixelOffset
        let bytes = view.bytes
        func put(_ index: UInt8) {
            if x < width && y < height { indices[(height - 1 - y) * width + x] = index }
            x += 1
        }
        decoding: while true {
            guard p + 1 < bytes.count else { throw .truncated(.bmp) }
            let count = Int(bytes[p]), value = bytes[p + 1]
            p += 2
            if count > 0 {
                for i in 0..<min(count, max(0, width - x) + 1) {
                    put(nibbles ? (i & 1 == 0 ? value >> 4 : value & 0x0F) : value)
                }
                continue
            }
            switch value {
            case 0:
                x = 0
                y += 1
            case 1:
                break decoding
            case 2:
                guard p + 1 < bytes.count else { throw .truncated(.bmp) }
                x += Int(bytes[p])
                y += Int(bytes[p + 1])
                p += 2
            default:
                let n = Int(value)
                let dataBytes = nibbles ? (n + 1) / 2 : n
                guard view.contains(p, dataBytes) else { throw .truncated(.bmp) }
                for i in 0..<n {
                    put(nibbles ? (i & 1 == 0 ? bytes[p + i / 2] >> 4 : bytes[p + i / 2] & 0x0F) : bytes[p + i])
                }
                p += (dataBytes + 1) & ~1
            }
            if y >= height { break }
        }
        let palette = header.palette
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<indices.count {
            let index = Int(indices[i])
            let colour = index < palette.count ? palette[index] : (0, 0, 0)
            (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) = colour
        }
        return rgb
    }
}
