import CHDF5
import Foundation

/// Process-wide libhdf5 state: one recursive lock around every libhdf5 call, and silenced error printing.
enum HDF5Library {
    /// Datasets and attributes with more elements than this are refused before anything is allocated.
    static let maximumElementCount = 1 << 28

    private static let lock: NSRecursiveLock = {
        let lock = NSRecursiveLock()
        lock.name = "HDF5Reader.libhdf5"
        return lock
    }()

    /// Runs `body` holding the libhdf5 lock (re-entrant). The thread-safe libhdf5 keeps its error-printing
    /// setting per thread, so it is silenced on every entry (a cheap call).
    static func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = chdf5_silence_errors()
        return try body()
    }

    /// The innermost message on libhdf5's error stack, or `fallback` when there is none.
    static func lastError(or fallback: String) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        chdf5_last_error(&buffer, buffer.count)
        let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return message.isEmpty ? fallback : message
    }
}

/// An owned libhdf5 identifier, closed exactly once when the owner goes away.
final class HDF5Handle: @unchecked Sendable {
    enum Kind {
        case file, group, dataset, attribute, datatype, dataspace, propertyList, object

        fileprivate func close(_ id: hid_t) {
            switch self {
            case .file: _ = H5Fclose(id)
            case .group: _ = H5Gclose(id)
            case .dataset: _ = H5Dclose(id)
            case .attribute: _ = H5Aclose(id)
            case .datatype: _ = H5Tclose(id)
            case .dataspace: _ = H5Sclose(id)
            case .propertyList: _ = H5Pclose(id)
            case .object: _ = H5Oclose(id)
            }
        }
    }

    let id: hid_t
    private let kind: Kind

    /// Takes ownership of `id`; throws `failure()` when libhdf5 returned an invalid identifier.
    init(_ id: hid_t, _ kind: Kind, orThrow failure: @autoclosure () -> HDF5Error) throws {
        guard id >= 0 else { throw failure() }
        self.id = id
        self.kind = kind
    }

    deinit {
        let id = self.id
        let kind = self.kind
        HDF5Library.locked { kind.close(id) }
    }
}
