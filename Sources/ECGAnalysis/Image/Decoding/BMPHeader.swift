/// The headers of a BMP file: `BITMAPFILEHEADER` (14 bytes), then a DIB header of 12 (OS/2 core), 40 (`INFO`),
/// 52/56 (`V2`/`V3` with masks), 108 (`V4`) or 124 (`V5`) bytes, optional bit masks and a palette.
/// Every field is validated against the file's length and the decoder's limits before any pixel is read.
struct BMPHeader {
    enum Compression: Equatable {
        /// Uncompressed, default channel layout (16-bit 5-5-5, 32-bit 8-8-8 with an unused byte).
        case none
        /// Run-length encoded 8-bit indices (`BI_RLE8`).
        case rle8
        /// Run-length encoded 4-bit indices (`BI_RLE4`).
        case rle4
        /// Uncompressed 16/32-bit pixels with explicit channel masks (`BI_BITFIELDS`, `BI_ALPHABITFIELDS`).
        case bitfields
    }

    /// One channel's mask: `value = (pixel & mask) >> shift`, `bits` wide.
    struct ChannelMask: Equatable {
        var mask: UInt32
        var shift: UInt32
        var bits: UInt32

        init(_ mask: UInt32) {
            self.mask = mask
            shift = mask == 0 ? 0 : UInt32(mask.trailingZeroBitCount)
            bits = UInt32((mask >> shift).nonzeroBitCount)
        }

        /// The channel of `pixel` scaled to 0…255.
        @inline(__always) func value(_ pixel: UInt32) -> UInt8 {
            guard bits > 0 else { return 0 }
            let raw = UInt64((pixel & mask) >> shift)
            if bits == 8 { return UInt8(truncatingIfNeeded: raw) }
            // 64-bit: a mask may be up to 32 bits wide; the contiguity check keeps `raw` ≤ `maximum`.
            let maximum = (UInt64(1) << UInt64(bits)) - 1
            return UInt8(min(255, (raw * 255 + maximum / 2) / maximum))
        }
    }

    var width: Int
    var height: Int
    /// Rows are stored top row first (negative height in the header).
    var topDown: Bool
    var bitsPerPixel: Int
    var compression: Compression
    /// Offset of the pixel data from the start of the file.
    var pixelOffset: Int
    /// Palette entries as R, G, B (for 1/4/8-bit images).
    var palette: [(UInt8, UInt8, UInt8)]
    var red = ChannelMask(0), green = ChannelMask(0), blue = ChannelMask(0), alpha = ChannelMask(0)
    var dotsPerInch: Double?

    init(_ view: ByteView, limits: ImageDecodingLimits) throws(ImageDecodingError) {
        guard let offset = view.u32le(10), let dibSize = view.u32le(14) else { throw .truncated(.bmp) }
        guard [12, 40, 52, 56, 108, 124].contains(dibSize) else {
            throw .unsupportedVariant(.bmp, "a \(dibSize)-byte DIB header (OS/2 2.x or unknown)")
        }
        guard view.contains(14, Int(dibSize)) else { throw .truncated(.bmp) }
        pixelOffset = Int(offset)

        // Every field read below lies inside the DIB header, whose presence was just checked.
        let rawWidth: Int, rawHeight: Int, planes: Int, compressionCode: UInt32, colorsUsed: Int, paletteEntryBytes: Int
        if dibSize == 12 {
            rawWidth = view.u16le(18)!
            rawHeight = view.u16le(20)!
            planes = view.u16le(22)!
            bitsPerPixel = view.u16le(24)!
            compressionCode = 0
            colorsUsed = 0
            paletteEntryBytes = 3
        } else {
            rawWidth = view.i32le(18)!
            rawHeight = view.i32le(22)!
            planes = view.u16le(26)!
            bitsPerPixel = view.u16le(28)!
            compressionCode = view.u32le(30)!
            colorsUsed = Int(view.u32le(46)!)
            paletteEntryBytes = 4
            if let perMetre = view.i32le(38), perMetre > 0 { dotsPerInch = Double(perMetre) * 0.0254 }
        }
        guard planes == 1 else { throw .malformed(.bmp, "the header gives \(planes) colour planes (must be 1)") }
        guard rawHeight != Int(Int32.min) else { throw .invalidDimensions(width: rawWidth, height: rawHeight) }
        topDown = rawHeight < 0
        width = rawWidth
        height = abs(rawHeight)
        guard width > 0, height > 0 else { throw .invalidDimensions(width: rawWidth, height: rawHeight) }
        try limits.check(width: width, height: height)

        var maskBytes = 0
        switch (compressionCode, bitsPerPixel) {
        case (0, 1), (0, 4), (0, 8), (0, 16), (0, 24), (0, 32): compression = .none
        case (1, 8): compression = .rle8
        case (2, 4): compression = .rle4
        case (3, 16), (3, 32), (6, 16), (6, 32):
            compression = .bitfields
            if dibSize == 40 { maskBytes = compressionCode == 6 ? 16 : 12 }
        case (4, _), (5, _):
            throw .unsupportedVariant(.bmp, "an embedded \(compressionCode == 4 ? "JPEG" : "PNG") image")
        default:
            throw .malformed(.bmp, "compression \(compressionCode) with \(bitsPerPixel) bits per pixel is not a valid combination")
        }
        if topDown && (compression == .rle8 || compression == .rle4) {
            throw .malformed(.bmp, "run-length encoded bitmaps cannot be stored top-down")
        }

        // Channel masks: in the V2+ header, or right after a 40-byte header for BI_BITFIELDS.
        switch bitsPerPixel {
        case 16: (red, green, blue) = (ChannelMask(0x7C00), ChannelMask(0x03E0), ChannelMask(0x001F))
        case 24, 32: (red, green, blue) = (ChannelMask(0xFF_0000), ChannelMask(0xFF00), ChannelMask(0xFF))
        default: break
        }
        if compression == .bitfields {
            guard view.contains(54, 12 + (maskBytes == 16 || dibSize >= 56 ? 4 : 0)) else { throw .truncated(.bmp) }
            red = ChannelMask(view.u32le(54)!)
            green = ChannelMask(view.u32le(58)!)
            blue = ChannelMask(view.u32le(62)!)
            guard red.bits > 0, green.bits > 0, blue.bits > 0 else { throw .malformed(.bmp, "a colour channel mask is empty") }
        }
        if compression == .bitfields, maskBytes == 16 || dibSize >= 56 {
            alpha = ChannelMask(view.u32le(66) ?? 0)
        }
        for mask in [red, green, blue, alpha] where mask.mask != 0 {
            guard UInt64(mask.mask >> mask.shift) == (UInt64(1) << UInt64(mask.bits)) - 1,
                  bitsPerPixel == 32 || mask.mask >> bitsPerPixel == 0 else {
                throw .malformed(.bmp, "a channel mask is not one contiguous run of bits inside the pixel")
            }
        }

        palette = []
        if bitsPerPixel <= 8 {
            let maxEntries = 1 << bitsPerPixel
            let count = colorsUsed == 0 ? maxEntries : colorsUsed
            guard count <= 256 else { throw .malformed(.bmp, "the palette claims \(count) colours") }
            let start = 14 + Int(dibSize) + maskBytes
            guard view.contains(start, count * paletteEntryBytes) else { throw .truncated(.bmp) }
            palette.reserveCapacity(count)
            for i in 0..<count {
                let entry = start + i * paletteEntryBytes
                palette.append((view.bytes[entry + 2], view.bytes[entry + 1], view.bytes[entry]))
            }
        }
        guard pixelOffset >= 14 + Int(dibSize), pixelOffset <= view.count else {
            throw pixelOffset > view.count ? .truncated(.bmp) : .malformed(.bmp, "the pixel data offset points into the headers")
        }
    }

    /// Bytes per stored row of uncompressed pixels (padded to 4 bytes).
    var rowStride: Int { (bitsPerPixel * width + 31) / 32 * 4 }
}
