import Foundation

/// Random-access reads of a file's bytes for ``HDF5Preflight``: a file on disk (read piecewise, never whole) or bytes
/// in memory. Reads past the end return fewer bytes; a read error returns an empty array.
struct HDF5ByteSource {
    /// Total size in bytes.
    let size: Int
    private let readRange: (Int, Int) -> [UInt8]

    init(size: Int, read: @escaping (_ offset: Int, _ count: Int) -> [UInt8]) {
        self.size = size
        self.readRange = read
    }

    /// Bytes in memory.
    init(data: Data) {
        self.init(size: data.count) { offset, count in
            guard offset >= 0, offset < data.count, count > 0 else { return [] }
            let start = data.startIndex + offset
            return [UInt8](data[start..<(start + min(count, data.count - offset))])
        }
    }

    /// An open file of `size` bytes.
    init(file: FileHandle, size: Int) {
        self.init(size: size) { offset, count in
            guard offset >= 0, offset < size, count > 0 else { return [] }
            do {
                try file.seek(toOffset: UInt64(offset))
                return [UInt8](try file.read(upToCount: min(count, size - offset)) ?? Data())
            } catch {
                return []
            }
        }
    }

    /// `count` bytes at `offset`, or nil when the file ends first.
    func read(_ offset: Int, _ count: Int) -> [UInt8]? {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else { return nil }
        let bytes = readRange(offset, count)
        return bytes.count == count ? bytes : nil
    }
}
