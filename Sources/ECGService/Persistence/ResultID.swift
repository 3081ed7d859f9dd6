#if Service
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A result id: a lower-case UUID version 7 (RFC 9562), whose first 48 bits are the creation time in Unix
/// milliseconds. The saved file's name is derived from the id alone
/// (`20261125T093012.123Z-0190f3c4-8e1a-7b2c-9d4e-5f6a7b8c9d0e.json`), so a lookup needs no index and no
/// directory scan, and a client-supplied id can only ever name a file of that exact shape.
public struct ResultID: Sendable, Hashable, CustomStringConvertible {
    /// The 16 bytes of the UUID.
    private let bytes: [UInt8]

    /// A new id for the current time.
    public init() {
        var clock = timespec()
        clock_gettime(CLOCK_REALTIME, &clock)
        let milliseconds = UInt64(clock.tv_sec) * 1000 + UInt64(clock.tv_nsec / 1_000_000)
        var generator = SystemRandomNumberGenerator()
        self.init(milliseconds: milliseconds, random: generator.next(), generator.next())
    }

    /// An id for a given time (Unix ms) and 128 random bits, of which 74 are used.
    init(milliseconds: UInt64, random high: UInt64, _ low: UInt64) {
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
        for index in 6..<8 { bytes[index] = UInt8(truncatingIfNeeded: high >> (8 * (index - 6))) }
        for index in 8..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> (8 * (index - 8))) }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)     // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)     // RFC 9562 variant
        self.bytes = bytes
    }

    /// Parses the canonical 36-character form (either case); nil for anything else, including other UUID versions.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        var index = 0
        while index < 36 {
            if [8, 13, 18, 23].contains(index) {
                guard utf8[index] == UInt8(ascii: "-") else { return nil }
                index += 1
                continue
            }
            guard let high = Self.hexValue(utf8[index]), let low = Self.hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        guard bytes[6] >> 4 == 7, bytes[8] >> 6 == 0b10 else { return nil }
        self.bytes = bytes
    }

    /// Creation time in Unix milliseconds.
    public var milliseconds: UInt64 {
        bytes[0..<6].reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Canonical lower-case form.
    public var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The saved result's file name: UTC creation time to the millisecond, then the id.
    public var fileName: String {
        let ms = milliseconds
        var seconds = time_t(ms / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let stamp = pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "." + pad(Int32(ms % 1000), 3) + "Z"
        return "\(stamp)-\(self).json"
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
#endif
