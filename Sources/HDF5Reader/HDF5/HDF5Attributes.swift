import CHDF5

/// The attributes of a group or dataset.
public struct HDF5Attributes: Sendable {
    /// `file:path` of the owning object, for messages.
    let location: String
    let handle: HDF5Handle

    private func attributeLocation(_ name: String) -> String { "\(location)@\(name)" }

    /// Names of the object's attributes, in creation or name order as libhdf5 lists them.
    public func names() throws -> [String] {
        try HDF5Library.locked {
            var info = H5O_info_t()
            guard H5Oget_info2(handle.id, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else {
                throw HDF5Error.readFailed(path: location, reason: "cannot read the object header")
            }
            guard info.num_attrs <= UInt64(HDF5Library.maximumElementCount) else {
                throw HDF5Error.tooLarge(path: location, elements: Int(clamping: info.num_attrs))
            }
            return try (0..<info.num_attrs).map { index in
                let length = H5Aget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, chdf5_p_default())
                guard length >= 0 else { throw HDF5Error.readFailed(path: location, reason: "cannot read attribute \(index)") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                guard H5Aget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                         chdf5_p_default()) >= 0
                else { throw HDF5Error.readFailed(path: location, reason: "cannot read attribute \(index)") }
                return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// True when the object has an attribute called `name`.
    public func contains(_ name: String) -> Bool {
        HDF5Library.locked { H5Aexists(handle.id, name) > 0 }
    }

    /// A string attribute as a list: fixed- or variable-length, scalar (one element) or 1-D, any padding,
    /// ASCII or UTF-8. An empty numeric array (h5py's encoding of an empty list) gives `[]`.
    /// Returns nil when the attribute is absent.
    public func strings(_ name: String) throws -> [String]? {
        try HDF5Library.locked {
            guard let attribute = try openAttribute(name) else { return nil }
            let (type, count) = try typeAndCount(attribute, name)
            if HDF5Values.isNumeric(type.id), count == 0 { return [] }
            return try HDF5Values.readStrings(
                fileType: type.id, count: count, location: attributeLocation(name),
                read: { memoryType, buffer in H5Aread(attribute.id, memoryType, buffer) },
                reclaim: { memoryType, buffer in
                    guard let space = try? HDF5Handle(H5Aget_space(attribute.id), .dataspace,
                                                      orThrow: .missingObject(path: attributeLocation(name))) else { return }
                    _ = H5Dvlen_reclaim(memoryType, space.id, chdf5_p_default(), buffer)
                })
        }
    }

    /// A single string attribute (scalar, or a 1-D array of one element); nil when absent.
    public func string(_ name: String) throws -> String? {
        guard let strings = try strings(name) else { return nil }
        guard strings.count == 1 else {
            throw HDF5Error.unsupportedType(path: attributeLocation(name), type: "\(strings.count) strings where one was expected")
        }
        return strings[0]
    }

    /// A string-list attribute that writers split into `name0`, `name1`, … when it exceeds the 64 KiB header
    /// limit: reads `name` when present, else concatenates `name0`, `name1`, … up to the first missing one.
    /// Returns nil when neither `name` nor `name0` exists.
    public func chunkedStrings(_ name: String) throws -> [String]? {
        if let whole = try strings(name) { return whole }
        var parts: [String] = []
        var index = 0
        while let chunk = try strings("\(name)\(index)") {
            parts += chunk
            index += 1
        }
        return index == 0 ? nil : parts
    }

    /// A numeric attribute converted to `Double` (scalar → one element); nil when absent.
    public func doubles(_ name: String) throws -> [Double]? {
        try HDF5Library.locked {
            guard let attribute = try openAttribute(name) else { return nil }
            let (type, count) = try typeAndCount(attribute, name)
            return try HDF5Values.readNumbers(
                Double.self, fileType: type.id, memoryType: chdf5_t_native_double(), count: count,
                location: attributeLocation(name)
            ) { buffer in H5Aread(attribute.id, chdf5_t_native_double(), buffer) }
        }
    }

    // MARK: - Internals (caller holds the lock)

    private func openAttribute(_ name: String) throws -> HDF5Handle? {
        let exists = H5Aexists(handle.id, name)
        guard exists >= 0 else { throw HDF5Error.readFailed(path: attributeLocation(name), reason: "cannot look the attribute up") }
        guard exists > 0 else { return nil }
        return try HDF5Handle(H5Aopen(handle.id, name, chdf5_p_default()), .attribute,
                              orThrow: .readFailed(path: attributeLocation(name), reason: HDF5Library.lastError(or: "cannot open the attribute")))
    }

    private func typeAndCount(_ attribute: HDF5Handle, _ name: String) throws -> (HDF5Handle, Int) {
        let type = try HDF5Handle(H5Aget_type(attribute.id), .datatype,
                                  orThrow: .readFailed(path: attributeLocation(name), reason: "cannot read the datatype"))
        let space = try HDF5Handle(H5Aget_space(attribute.id), .dataspace,
                                   orThrow: .readFailed(path: attributeLocation(name), reason: "cannot read the dataspace"))
        let (_, count) = try HDF5Values.extent(of: space.id, location: attributeLocation(name))
        return (type, count)
    }
}
