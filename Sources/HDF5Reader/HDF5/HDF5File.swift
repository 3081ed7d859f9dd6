import CHDF5
import Foundation

/// An HDF5 file opened read-only, from a path or from bytes in memory.
///
/// All libhdf5 calls made through this type and the objects it hands out hold one process-wide lock,
/// so files may be opened and read from many threads.
///
/// Both initialisers check the file's structure first (``HDF5Preflight``: superblock, object headers, symbol tables,
/// attribute messages, global heaps) and throw `truncatedOrCorrupt` for damage they see. libhdf5 still reads the
/// file in this process afterwards, and damage those checks do not see can crash it; to open a file of unknown
/// integrity without that risk, open it in a child process first (as `ecg model info` does).
public final class HDF5File: Sendable {
    /// The path, or a description of the in-memory source; used in error messages.
    public let source: String
    let handle: HDF5Handle

    /// The HDF5 signature (`\x89HDF\r\n\x1a\n`); it sits at offset 0 or at 512, 1024, 2048, … after a user block.
    static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Opens the file at `path` read-only.
    public init(path: String) throws {
        source = path
        let size = try HDF5File.checkSignatureAndStructure(path: path)
        handle = try HDF5Library.locked {
            let id = H5Fopen(path, chdf5_f_acc_rdonly(), chdf5_p_default())
            return try HDF5Handle(id, .file, orThrow: .truncatedOrCorrupt(
                source: path, reason: HDF5Library.lastError(or: "libhdf5 cannot open the \(size)-byte file")))
        }
    }

    /// Opens an HDF5 file image held in memory (libhdf5 core driver; the bytes are copied).
    /// - Parameter name: describes the source in error messages (e.g. `model.keras:model.weights.h5`).
    public init(bytes: Data, name: String = "<memory>") throws {
        source = name
        guard let offset = HDF5File.signatureOffset(in: bytes) else { throw HDF5Error.notHDF5(source: name) }
        try HDF5Preflight.check(HDF5ByteSource(data: bytes), signatureOffset: offset, name: name)
        handle = try HDF5Library.locked {
            let accessList = try HDF5Handle(
                H5Pcreate(chdf5_p_file_access()), .propertyList,
                orThrow: .cannotOpen(path: name, reason: "cannot create a file access property list"))
            guard H5Pset_fapl_core(accessList.id, 1 << 16, false) >= 0 else {
                throw HDF5Error.cannotOpen(path: name, reason: "the core (in-memory) driver is unavailable")
            }
            let status = bytes.withUnsafeBytes { raw in
                H5Pset_file_image(accessList.id, UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
            }
            guard status >= 0 else {
                throw HDF5Error.cannotOpen(path: name, reason: HDF5Library.lastError(or: "cannot load the file image"))
            }
            let id = H5Fopen(HDF5File.uniqueImageName(), chdf5_f_acc_rdonly(), accessList.id)
            return try HDF5Handle(id, .file, orThrow: .truncatedOrCorrupt(
                source: name, reason: HDF5Library.lastError(or: "libhdf5 cannot open the \(bytes.count)-byte image")))
        }
    }

    /// The root group `/`.
    public var root: HDF5Group {
        get throws {
            try HDF5Library.locked {
                let id = H5Oopen(handle.id, "/", chdf5_p_default())
                let group = try HDF5Handle(id, .object, orThrow: .missingObject(path: "\(source):/"))
                return HDF5Group(file: self, path: "/", handle: group)
            }
        }
    }

    // MARK: - Signature

    /// Checks that `path` is a readable file with an HDF5 signature and passes ``HDF5Preflight``; returns its size
    /// in bytes.
    private static func checkSignatureAndStructure(path: String) throws -> Int {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HDF5Error.cannotOpen(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw HDF5Error.cannotOpen(path: path, reason: "it is a directory") }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw HDF5Error.cannotOpen(path: path, reason: "permission denied or unreadable")
        }
        defer { try? file.close() }
        let size: Int
        do {
            size = Int(try file.seekToEnd())
            var offset = 0
            while offset + signature.count <= size {
                try file.seek(toOffset: UInt64(offset))
                if let head = try file.read(upToCount: signature.count), [UInt8](head) == signature { break }
                offset = offset == 0 ? 512 : offset * 2
            }
            guard offset + signature.count <= size else { throw HDF5Error.notHDF5(source: path) }
            try HDF5Preflight.check(HDF5ByteSource(file: file, size: size), signatureOffset: offset, name: path)
            return size
        } catch let error as HDF5Error {
            throw error
        } catch {
            throw HDF5Error.cannotOpen(path: path, reason: "read error: \(error.localizedDescription)")
        }
    }

    /// The offset of the HDF5 signature in `bytes`, or nil.
    static func signatureOffset(in bytes: Data) -> Int? {
        var offset = 0
        while offset + signature.count <= bytes.count {
            let start = bytes.startIndex + offset
            if bytes[start..<start + signature.count].elementsEqual(signature) { return offset }
            offset = offset == 0 ? 512 : offset * 2
        }
        return nil
    }

    nonisolated(unsafe) private static var imageCounter = 0

    /// A distinct name per in-memory image, so libhdf5 never mistakes two images for one open file.
    private static func uniqueImageName() -> String {
        imageCounter += 1
        return "hdf5reader-image-\(imageCounter)"
    }
}
