import Foundation

/// A read-only view of a ZIP archive whose entries are stored uncompressed, as Keras 3 writes `.keras` files.
/// Only the central directory is trusted for names and sizes; every offset is bounds-checked.
struct StoredZipArchive {
    struct Entry {
        let name: String
        let method: Int
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let source: String
    private let bytes: Data
    let entries: [Entry]

    /// The ZIP local file header signature (`PK\3\4`).
    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

    init(bytes: Data, source: String) throws {
        self.bytes = bytes.startIndex == 0 ? bytes : Data(bytes)
        self.source = source
        entries = try StoredZipArchive.readCentralDirectory(self.bytes, source: source)
    }

    /// The bytes of entry `name`.
    func data(of name: String) throws -> Data {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw KerasFormatError.missingArchiveEntry(source: source, entry: name)
        }
        guard entry.method == 0 else {
            throw KerasFormatError.compressedArchiveEntry(source: source, entry: name, method: entry.method)
        }
        let header = entry.localHeaderOffset
        guard let signature = StoredZipArchive.uint32(bytes, at: header), signature == 0x0403_4B50,
              let nameLength = StoredZipArchive.uint16(bytes, at: header + 26),
              let extraLength = StoredZipArchive.uint16(bytes, at: header + 28)
        else { throw invalid("bad local header for '\(name)'") }
        let start = header + 30 + nameLength + extraLength
        let (end, overflow) = start.addingReportingOverflow(entry.compressedSize)
        guard !overflow, end <= bytes.count, entry.compressedSize == entry.uncompressedSize else {
            throw invalid("entry '\(name)' runs past the end of the archive")
        }
        return bytes.subdata(in: start..<end)
    }

    private func invalid(_ reason: String) -> KerasFormatError { .invalidArchive(source: source, reason: reason) }

    // MARK: - Central directory

    private static func readCentralDirectory(_ bytes: Data, source: String) throws -> [Entry] {
        func invalid(_ reason: String) -> KerasFormatError { .invalidArchive(source: source, reason: reason) }
        // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the very end.
        let earliest = max(0, bytes.count - 22 - 0xFFFF)
        var endRecord: Int?
        var position = bytes.count - 22
        while position >= earliest {
            if uint32(bytes, at: position) == 0x0605_4B50 { endRecord = position; break }
            position -= 1
        }
        guard let endRecord, let count16 = uint16(bytes, at: endRecord + 10),
              let size32 = uint32(bytes, at: endRecord + 12), let offset32 = uint32(bytes, at: endRecord + 16)
        else { throw invalid("no end-of-central-directory record") }
        var count = count16
        var directoryOffset = offset32
        var directorySize = size32
        // ZIP64: the end record is preceded by a locator pointing at the ZIP64 end record.
        if count16 == 0xFFFF || offset32 == 0xFFFF_FFFF || size32 == 0xFFFF_FFFF {
            guard uint32(bytes, at: endRecord - 20) == 0x0706_4B50, let record = uint64(bytes, at: endRecord - 12),
                  uint32(bytes, at: record) == 0x0606_4B50,
                  let count64 = uint64(bytes, at: record + 32), let size64 = uint64(bytes, at: record + 40),
                  let offset64 = uint64(bytes, at: record + 48)
            else { throw invalid("damaged ZIP64 end record") }
            (count, directorySize, directoryOffset) = (count64, size64, offset64)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset, count <= directorySize / 46 + 1
        else { throw invalid("central directory lies outside the file") }

        var entries: [Entry] = []
        var cursor = directoryOffset
        for _ in 0..<count {
            guard uint32(bytes, at: cursor) == 0x0201_4B50,
                  let method = uint16(bytes, at: cursor + 10),
                  var compressed = uint32(bytes, at: cursor + 20), var uncompressed = uint32(bytes, at: cursor + 24),
                  let nameLength = uint16(bytes, at: cursor + 28), let extraLength = uint16(bytes, at: cursor + 30),
                  let commentLength = uint16(bytes, at: cursor + 32), var localOffset = uint32(bytes, at: cursor + 42),
                  cursor + 46 + nameLength + extraLength <= bytes.count
            else { throw invalid("damaged central directory entry at offset \(cursor)") }
            let nameStart = cursor + 46
            let name = String(decoding: bytes[nameStart..<nameStart + nameLength], as: UTF8.self)
            // ZIP64 extended information replaces the 32-bit fields that read 0xFFFFFFFF, in this order.
            var extra = nameStart + nameLength
            let extraEnd = extra + extraLength
            while extra + 4 <= extraEnd, let tag = uint16(bytes, at: extra), let length = uint16(bytes, at: extra + 2) {
                if tag == 0x0001 {
                    var field = extra + 4
                    if uncompressed == 0xFFFF_FFFF, let value = uint64(bytes, at: field) { uncompressed = value; field += 8 }
                    if compressed == 0xFFFF_FFFF, let value = uint64(bytes, at: field) { compressed = value; field += 8 }
                    if localOffset == 0xFFFF_FFFF, let value = uint64(bytes, at: field) { localOffset = value }
                }
                extra += 4 + length
            }
            guard localOffset < bytes.count else { throw invalid("entry '\(name)' points outside the file") }
            entries.append(Entry(name: name, method: method, compressedSize: compressed, uncompressedSize: uncompressed,
                                 localHeaderOffset: localOffset))
            cursor = extraEnd + commentLength
        }
        return entries
    }

    // MARK: - Little-endian fields (nil when out of bounds)

    private static func uint16(_ bytes: Data, at offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: Data, at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }

    private static func uint64(_ bytes: Data, at offset: Int) -> Int? {
        guard offset >= 0, offset + 8 <= bytes.count else { return nil }
        let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
        return value > UInt64(Int.max / 2) ? nil : Int(value)
    }
}
