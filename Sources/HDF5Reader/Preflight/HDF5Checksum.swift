/// The checksum HDF5 stores in version 2+ superblocks and other version 2 metadata: Bob Jenkins' `lookup3`
/// `hashlittle` with an initial value of 0, over the bytes that precede the stored checksum.
///
/// State `a = b = c = 0xdeadbeef + length`; every 12-byte block adds three little-endian words and mixes;
/// the 1…12 remaining bytes are added the same way and finalised; an empty tail returns `c` unmixed.
enum HDF5Checksum {
    static func lookup3<Bytes: Collection>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let key = Array(bytes)
        var length = key.count
        var a = UInt32(0xDEAD_BEEF) &+ UInt32(truncatingIfNeeded: length)
        var b = a
        var c = a
        var index = 0
        func word(_ at: Int, _ count: Int) -> UInt32 {
            var value: UInt32 = 0
            for i in 0..<count { value |= UInt32(key[at + i]) << (8 * UInt32(i)) }
            return value
        }
        while length > 12 {
            a &+= word(index, 4)
            b &+= word(index + 4, 4)
            c &+= word(index + 8, 4)
            mix(&a, &b, &c)
            length -= 12
            index += 12
        }
        if length == 0 { return c }
        a &+= word(index, min(length, 4))
        if length > 4 { b &+= word(index + 4, min(length - 4, 4)) }
        if length > 8 { c &+= word(index + 8, length - 8) }
        finalise(&a, &b, &c)
        return c
    }

    private static func rotate(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << k) | (x >> (32 - k)) }

    private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a &-= c; a ^= rotate(c, 4); c &+= b
        b &-= a; b ^= rotate(a, 6); a &+= c
        c &-= b; c ^= rotate(b, 8); b &+= a
        a &-= c; a ^= rotate(c, 16); c &+= b
        b &-= a; b ^= rotate(a, 19); a &+= c
        c &-= b; c ^= rotate(b, 4); b &+= a
    }

    private static func finalise(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b; c &-= rotate(b, 14)
        a ^= c; a &-= rotate(c, 11)
        b ^= a; b &-= rotate(a, 25)
        c ^= b; c &-= rotate(b, 16)
        a ^= c; a &-= rotate(c, 4)
        b ^= a; b &-= rotate(a, 14)
        c ^= b; c &-= rotate(b, 24)
    }
}
