/// What the JPEG markers before the first scan say: frame size, resolution (JFIF `APP0`) and EXIF orientation
/// (`APP1`), read in Swift with bounds checks. Damaged metadata is ignored; the pixel data is judged by libjpeg-turbo.
struct JPEGMetadata: Equatable {
    /// Frame size from the first SOFn marker, if one was found before the scan.
    var width: Int?
    var height: Int?
    /// Dots per inch from JFIF density units 1 (dpi) or 2 (dots per cm).
    var dotsPerInch: Double?
    /// EXIF orientation tag 0x0112 (1 when absent or invalid).
    var orientation = ImageOrientation.up

    init(scanning view: ByteView) {
        var offset = 2   // after SOI
        while offset < view.count {
            // Markers may be preceded by any number of 0xFF fill bytes.
            guard view.u8(offset) == 0xFF else { return }
            var markerOffset = offset + 1
            while view.u8(markerOffset) == 0xFF { markerOffset += 1 }
            guard let marker = view.u8(markerOffset) else { return }
            offset = markerOffset + 1
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }   // standalone markers
            if marker == 0xD9 || marker == 0xDA { return }                     // EOI or start of scan
            guard let length = view.u16be(offset), length >= 2, view.contains(offset, length) else { return }
            let body = offset + 2, bodyLength = length - 2
            switch marker {
            case 0xC0...0xCF where marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
                if width == nil, bodyLength >= 5, let h = view.u16be(body + 1), let w = view.u16be(body + 3) {
                    width = w
                    height = h
                }
            case 0xE0:
                readJFIF(view, body: body, length: bodyLength)
            case 0xE1:
                readEXIF(view, body: body, length: bodyLength)
            default:
                break
            }
            offset += length
        }
    }

    private mutating func readJFIF(_ view: ByteView, body: Int, length: Int) {
        guard length >= 12, view.bytes[body..<(body + 5)].elementsEqual([0x4A, 0x46, 0x49, 0x46, 0x00]),
              let units = view.u8(body + 7), let density = view.u16be(body + 8), density > 0 else { return }
        switch units {
        case 1: dotsPerInch = Double(density)
        case 2: dotsPerInch = Double(density) * 2.54
        default: break
        }
    }

    /// `Exif\0\0`, then a TIFF header (`II*\0` or `MM\0*`) and IFD0, whose tag 0x0112 is the orientation.
    private mutating func readEXIF(_ view: ByteView, body: Int, length: Int) {
        guard length >= 14, view.bytes[body..<(body + 6)].elementsEqual([0x45, 0x78, 0x69, 0x66, 0x00, 0x00]) else { return }
        let tiff = body + 6, tiffLength = length - 6
        let bigEndian: Bool
        switch (view.u8(tiff), view.u8(tiff + 1)) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: return
        }
        guard view.u16(tiff + 2, bigEndian: bigEndian) == 42, let ifd = view.u32(tiff + 4, bigEndian: bigEndian),
              ifd >= 8, Int(ifd) <= tiffLength - 2, let count = view.u16(tiff + Int(ifd), bigEndian: bigEndian) else { return }
        for index in 0..<count {
            let entry = tiff + Int(ifd) + 2 + 12 * index
            guard entry + 12 <= tiff + tiffLength, let tag = view.u16(entry, bigEndian: bigEndian) else { return }
            // Orientation: type SHORT (3), count 1, value in the first two bytes of the value field.
            if tag == 0x0112, view.u16(entry + 2, bigEndian: bigEndian) == 3,
               let value = view.u16(entry + 8, bigEndian: bigEndian), let orientation = ImageOrientation(rawValue: value) {
                self.orientation = orientation
                return
            }
        }
    }
}
