/// Bounds-checked little- and big-endian reads from a file's bytes; every read returns nil past the end.
struct ByteView {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// True when `count` bytes starting at `offset` are inside the file (overflow-safe).
    func contains(_ offset: Int, _ count: Int) -> Bool {
        offset >= 0 && count >= 0 && offset <= bytes.count && count <= bytes.count - offset
    }

    func u8(_ offset: Int) -> UInt8? { contains(offset, 1) ? bytes[offset] : nil }

    func u16le(_ offset: Int) -> Int? {
        contains(offset, 2) ? Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 : nil
    }

    func u16be(_ offset: Int) -> Int? {
        contains(offset, 2) ? Int(bytes[offset]) << 8 | Int(bytes[offset + 1]) : nil
    }

    func u32le(_ offset: Int) -> UInt32? {
        guard contains(offset, 4) else { return nil }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    func u32be(_ offset: Int) -> UInt32? {
        guard contains(offset, 4) else { return nil }
        return UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    func i32le(_ offset: Int) -> Int? { u32le(offset).map { Int(Int32(bitPattern: $0)) } }

    /// `u16`/`u32` in the byte order of a TIFF (EXIF) block.
    func u16(_ offset: Int, bigEndian: Bool) -> Int? { bigEndian ? u16be(offset) : u16le(offset) }
    func u32(_ offset: Int, bigEndian: Bool) -> UInt32? { bigEndian ? u32be(offset) : u32le(offset) }
}
