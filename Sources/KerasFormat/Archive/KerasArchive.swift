import Foundation
import ZIPFoundation

/// A read-only `.keras` archive (a ZIP file: `config.json`, `metadata.json`, `model.weights.h5`) held in memory.
/// Entries may be stored (as Keras writes them) or deflate-compressed (as a re-zipped archive has them); every entry
/// is size-limited and its CRC-32 checked while it is inflated.
struct KerasArchive {
    /// The ZIP local file header signature (`PK\3\4`).
    static let signature: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    /// Largest entry inflated into memory, so that a small hostile archive cannot claim gigabytes.
    static let maximumEntrySize: UInt64 = 1 << 31

    let source: String
    private let archive: Archive

    init(bytes: Data, source: String) throws(KerasFormatError) {
        self.source = source
        do { archive = try Archive(data: bytes, accessMode: .read) } catch {
            throw .invalidArchive(source: source, reason: "no readable ZIP central directory")
        }
    }

    /// Whether the archive has an entry named `name`.
    func contains(_ name: String) -> Bool { archive[name] != nil }

    /// The (inflated) bytes of entry `name`.
    func data(of name: String) throws(KerasFormatError) -> Data {
        guard let entry = archive[name] else { throw .missingArchiveEntry(source: source, entry: name) }
        guard entry.type == .file else { throw invalid("'\(name)' is not a file entry") }
        let size = entry.uncompressedSize
        guard size <= Self.maximumEntrySize else {
            throw invalid("entry '\(name)' declares \(size) bytes, more than the \(Self.maximumEntrySize) read")
        }
        var data = Data()
        data.reserveCapacity(Int(size))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(data.count + chunk.count) <= size else { throw EntryOverrun() }
                data.append(chunk)
            }
        } catch {
            throw invalid("entry '\(name)' is damaged (bad compressed data, size or CRC-32)")
        }
        guard UInt64(data.count) == size else { throw invalid("entry '\(name)' is shorter than its declared size") }
        return data
    }

    private struct EntryOverrun: Error {}

    private func invalid(_ reason: String) -> KerasFormatError { .invalidArchive(source: source, reason: reason) }
}
