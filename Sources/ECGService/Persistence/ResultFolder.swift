#if Service
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Saves analysis results as JSON files in one folder (the disk side of ``FileResultStore``), durably and without
/// ever overwriting: the bytes go to a temporary file in the same folder (created with `O_EXCL`), are fsynced, then
/// hard-linked to the final name (`link` fails rather than replace an existing file), the temporary name is removed
/// and the folder is fsynced. Names come from ``ResultID`` only, never from the upload. Safe to call from many threads at once.
public final class ResultFolder: Sendable {
    /// The folder, as given.
    public let directory: String
    /// Open descriptor of the folder: every file operation is relative to it, and it is what gets fsynced.
    private let directoryDescriptor: Int32

    public enum StoreError: Error, CustomStringConvertible, Sendable {
        case cannotOpenDirectory(String, errno: Int32)
        case writeFailed(step: String, errno: Int32)
        case nameTaken(String)

        public var description: String {
            switch self {
            case .cannotOpenDirectory(let path, let code):
                return "cannot create or open the results folder \(path): \(String(cString: strerror(code)))"
            case .writeFailed(let step, let code):
                return "saving a result failed at \(step): \(String(cString: strerror(code)))"
            case .nameTaken(let name):
                return "a result named \(name) already exists"
            }
        }
    }

    /// Opens (creating it and its parents when missing) the results folder.
    public init(directory: String) throws {
        // A failure here shows up as open's errno just below (ENOTDIR, EACCES, ENOENT, …).
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.cannotOpenDirectory(directory, errno: errno) }
        self.directory = directory
        self.directoryDescriptor = descriptor
    }

    deinit {
        close(directoryDescriptor)
    }

    /// Writes `contents` under `id.fileName`; returns that name (relative to the folder).
    @discardableResult
    public func save(_ contents: Data, id: ResultID) throws -> String {
        let name = id.fileName
        let temporary = ".\(name).partial"
        let file = openat(directoryDescriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw StoreError.writeFailed(step: "create", errno: errno) }
        var linked = false
        defer {
            if !linked { unlinkat(directoryDescriptor, temporary, 0) }
        }
        do {
            defer { close(file) }
            try Self.writeAll(contents, to: file)
            guard fsync(file) == 0 else { throw StoreError.writeFailed(step: "fsync", errno: errno) }
        }
        guard linkat(directoryDescriptor, temporary, directoryDescriptor, name, 0) == 0 else {
            let code = errno
            throw code == EEXIST ? StoreError.nameTaken(name) : StoreError.writeFailed(step: "link", errno: code)
        }
        linked = true
        unlinkat(directoryDescriptor, temporary, 0)
        guard fsync(directoryDescriptor) == 0 else { throw StoreError.writeFailed(step: "fsync folder", errno: errno) }
        return name
    }

    /// The saved bytes for `id`, or nil when there is no such result.
    public func load(_ id: ResultID) throws -> Data? {
        let file = openat(directoryDescriptor, id.fileName, O_RDONLY | O_CLOEXEC)
        guard file >= 0 else {
            if errno == ENOENT { return nil }
            throw StoreError.writeFailed(step: "open for reading", errno: errno)
        }
        defer { close(file) }
        var contents = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(file, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw StoreError.writeFailed(step: "read", errno: errno)
            }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[0..<count])
        }
    }

    private static func writeAll(_ contents: Data, to file: Int32) throws {
        try contents.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = write(file, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.writeFailed(step: "write", errno: errno)
                }
                offset += written
            }
        }
    }
}
#endif
