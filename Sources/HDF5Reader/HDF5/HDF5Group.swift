import CHDF5

/// The kind of an object inside a group.
public enum HDF5ObjectKind: Sendable, Equatable {
    case group
    case dataset
    /// A named datatype or another kind of object this reader does not open.
    case other
}

/// A group of an open HDF5 file: lists its members, opens children by relative path, reads its attributes.
public struct HDF5Group: Sendable {
    public let file: HDF5File
    /// Absolute path inside the file (`/` for the root).
    public let path: String
    let handle: HDF5Handle

    /// The group's attributes.
    public var attributes: HDF5Attributes { HDF5Attributes(location: location, handle: handle) }

    init(file: HDF5File, path: String, handle: HDF5Handle) {
        self.file = file
        self.path = path
        self.handle = handle
    }

    /// Names of the group's direct members (groups, datasets, …), sorted by name.
    public func memberNames() throws -> [String] {
        try HDF5Library.locked {
            let count = chdf5_group_link_count(handle.id)
            guard count >= 0 else { throw HDF5Error.readFailed(path: location, reason: "cannot list the group") }
            guard count <= HDF5Library.maximumElementCount else {
                throw HDF5Error.tooLarge(path: location, elements: Int(count))
            }
            var names: [String] = []
            names.reserveCapacity(Int(count))
            for index in 0..<UInt64(count) {
                let length = chdf5_group_link_name(handle.id, index, nil, 0)
                guard length >= 0 else { throw HDF5Error.readFailed(path: location, reason: "cannot read member \(index)") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                guard chdf5_group_link_name(handle.id, index, &buffer, buffer.count) >= 0 else {
                    throw HDF5Error.readFailed(path: location, reason: "cannot read member \(index)")
                }
                names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            return names
        }
    }

    /// The kind of the object at the relative `path` (`a/b/c`), or nil when nothing is there.
    public func kind(of relativePath: String) -> HDF5ObjectKind? {
        HDF5Library.locked {
            guard linkExists(relativePath), let object = try? openObject(relativePath) else { return nil }
            switch H5Iget_type(object.id) {
            case H5I_GROUP: return .group
            case H5I_DATASET: return .dataset
            default: return .other
            }
        }
    }

    /// True when something exists at the relative `path`.
    public func contains(_ relativePath: String) -> Bool {
        HDF5Library.locked { linkExists(relativePath) }
    }

    /// The group at the relative `path` (a `/` descends into sub-groups).
    public func group(_ relativePath: String) throws -> HDF5Group {
        try HDF5Library.locked {
            let object = try openExisting(relativePath)
            guard H5Iget_type(object.id) == H5I_GROUP else {
                throw HDF5Error.wrongObjectKind(path: childLocation(relativePath), expected: "group")
            }
            return HDF5Group(file: file, path: childPath(relativePath), handle: object)
        }
    }

    /// The dataset at the relative `path` (a `/` descends into sub-groups).
    public func dataset(_ relativePath: String) throws -> HDF5Dataset {
        try HDF5Library.locked {
            let object = try openExisting(relativePath)
            guard H5Iget_type(object.id) == H5I_DATASET else {
                throw HDF5Error.wrongObjectKind(path: childLocation(relativePath), expected: "dataset")
            }
            return try HDF5Dataset(file: file, path: childPath(relativePath), handle: object)
        }
    }

    // MARK: - Paths

    private func components(_ relativePath: String) -> [Substring] {
        relativePath.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// The absolute path of `relativePath` below this group (`/model_weights` + `dense/kernel:0`).
    public func childPath(_ relativePath: String) -> String {
        let tail = components(relativePath).joined(separator: "/")
        return path == "/" ? "/" + tail : path + "/" + tail
    }

    /// `file:path`, for error messages.
    public var location: String { "\(file.source):\(path)" }

    private func childLocation(_ relativePath: String) -> String { "\(file.source):\(childPath(relativePath))" }

    /// Checks every prefix of the path with `H5Lexists`, as libhdf5 requires (caller holds the lock).
    private func linkExists(_ relativePath: String) -> Bool {
        let parts = components(relativePath)
        guard !parts.isEmpty else { return false }
        var prefix = ""
        for part in parts {
            prefix += prefix.isEmpty ? String(part) : "/" + part
            guard H5Lexists(handle.id, prefix, chdf5_p_default()) > 0 else { return false }
        }
        return true
    }

    private func openObject(_ relativePath: String) throws -> HDF5Handle {
        let name = components(relativePath).joined(separator: "/")
        return try HDF5Handle(
            H5Oopen(handle.id, name, chdf5_p_default()), .object,
            orThrow: .readFailed(path: childLocation(relativePath), reason: HDF5Library.lastError(or: "cannot open the object")))
    }

    private func openExisting(_ relativePath: String) throws -> HDF5Handle {
        guard linkExists(relativePath) else { throw HDF5Error.missingObject(path: childLocation(relativePath)) }
        return try openObject(relativePath)
    }
}
