#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory. Pages are read on first touch; `drop(_:)` hands byte ranges back to the
/// kernel (they are read again if touched), so a file scanned front to back stays resident only where it is used.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    /// Throws `invalidInput` when the file cannot be opened or mapped.
    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ECGAnalysisError.invalidInput("the file cannot be opened") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ECGAnalysisError.invalidInput("the file cannot be opened") }
        length = Int(info.st_size)
        guard length > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let pointer = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), pointer != MAP_FAILED else {
            throw ECGAnalysisError.invalidInput("the file cannot be mapped into memory")
        }
        base = pointer
        bytes = UnsafeRawBufferPointer(start: pointer, count: length)
    }

    /// Releases the whole pages inside `range` (byte offsets).
    func drop(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lower = (max(0, range.lowerBound) + page - 1) / page * page
        let upper = min(length, range.upperBound) / page * page
        guard upper > lower else { return }
        _ = madvise(base + lower, upper - lower, Int32(MADV_DONTNEED))
    }

    deinit {
        if let base { munmap(base, length) }
    }
}
