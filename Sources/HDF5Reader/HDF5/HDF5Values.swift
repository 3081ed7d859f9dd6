import CHDF5

/// Reading helpers shared by datasets and attributes. Callers hold the libhdf5 lock.
enum HDF5Values {
    /// Shape and element count of a dataspace; refuses more than `HDF5Library.maximumElementCount` elements.
    static func extent(of space: hid_t, location: String) throws -> (shape: [Int], count: Int) {
        switch H5Sget_simple_extent_type(space) {
        case H5S_NULL:
            return ([0], 0)
        case H5S_SCALAR:
            return ([], 1)
        case H5S_SIMPLE:
            let rank = H5Sget_simple_extent_ndims(space)
            guard rank >= 0, rank <= 32 else { throw HDF5Error.readFailed(path: location, reason: "invalid rank \(rank)") }
            var dims = [hsize_t](repeating: 0, count: Int(rank))
            guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else {
                throw HDF5Error.readFailed(path: location, reason: "cannot read the dimensions")
            }
            var count = 1
            for dim in dims {
                guard dim <= UInt64(HDF5Library.maximumElementCount) else {
                    throw HDF5Error.tooLarge(path: location, elements: dim > UInt64(Int.max) ? Int.max : Int(dim))
                }
                let (product, overflow) = count.multipliedReportingOverflow(by: Int(dim))
                guard !overflow, product <= HDF5Library.maximumElementCount else {
                    throw HDF5Error.tooLarge(path: location, elements: overflow ? Int.max : product)
                }
                count = product
            }
            return (dims.map { Int($0) }, count)
        default:
            throw HDF5Error.readFailed(path: location, reason: "invalid dataspace")
        }
    }

    /// A short description of a datatype (`float32`, `uint8`, `fixed-length string (12 bytes)`, `compound`, …).
    static func describe(_ type: hid_t) -> String {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_INTEGER:
            return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + String(size * 8)
        case H5T_FLOAT: return "float\(size * 8)"
        case H5T_STRING:
            return H5Tis_variable_str(type) > 0 ? "variable-length string" : "fixed-length string (\(size) bytes)"
        case H5T_COMPOUND: return "compound"
        case H5T_ENUM: return "enum"
        case H5T_ARRAY: return "array"
        case H5T_VLEN: return "variable-length sequence"
        case H5T_REFERENCE: return "reference"
        case H5T_OPAQUE: return "opaque"
        case H5T_BITFIELD: return "bitfield"
        case H5T_TIME: return "time"
        default: return "unknown"
        }
    }

    static func isNumeric(_ type: hid_t) -> Bool {
        let typeClass = H5Tget_class(type)
        return typeClass == H5T_INTEGER || typeClass == H5T_FLOAT
    }

    static func isString(_ type: hid_t) -> Bool { H5Tget_class(type) == H5T_STRING }

    /// Reads `count` numbers converted by libhdf5 to `memoryType` (whose Swift layout is `T`).
    static func readNumbers<T: Numeric>(
        _: T.Type, fileType: hid_t, memoryType: hid_t, count: Int, location: String,
        read: (UnsafeMutableRawPointer) -> herr_t
    ) throws -> [T] {
        guard isNumeric(fileType) else { throw HDF5Error.unsupportedType(path: location, type: describe(fileType)) }
        if T.self == Int64.self, H5Tget_class(fileType) != H5T_INTEGER {
            throw HDF5Error.unsupportedType(path: location, type: describe(fileType) + " read as integers")
        }
        guard count > 0 else { return [] }
        var values = [T](repeating: 0, count: count)
        let status = values.withUnsafeMutableBytes { raw -> herr_t in
            guard let base = raw.baseAddress else { return -1 }
            return read(base)
        }
        guard status >= 0 else {
            throw HDF5Error.readFailed(path: location, reason: HDF5Library.lastError(or: "data could not be read"))
        }
        return values
    }

    /// Reads `count` strings, fixed-length (NULLTERM, NULLPAD or SPACEPAD) or variable-length, ASCII or UTF-8.
    static func readStrings(
        fileType: hid_t, count: Int, location: String,
        read: (hid_t, UnsafeMutableRawPointer) -> herr_t,
        reclaim: (hid_t, UnsafeMutableRawPointer) -> Void
    ) throws -> [String] {
        guard isString(fileType) else { throw HDF5Error.unsupportedType(path: location, type: describe(fileType)) }
        guard count > 0 else { return [] }
        let memoryType = try HDF5Handle(H5Tcopy(chdf5_t_c_s1()), .datatype,
                                        orThrow: .readFailed(path: location, reason: "cannot create a string type"))
        _ = H5Tset_cset(memoryType.id, H5Tget_cset(fileType))
        if H5Tis_variable_str(fileType) > 0 {
            guard H5Tset_size(memoryType.id, chdf5_t_variable()) >= 0 else {
                throw HDF5Error.readFailed(path: location, reason: "cannot create a variable-length string type")
            }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            return try pointers.withUnsafeMutableBytes { raw -> [String] in
                guard let base = raw.baseAddress else { return [] }
                guard read(memoryType.id, base) >= 0 else {
                    throw HDF5Error.readFailed(path: location, reason: HDF5Library.lastError(or: "strings could not be read"))
                }
                defer { reclaim(memoryType.id, base) }
                // String(cString:) decodes UTF-8, repairing invalid sequences.
                return raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self).map { $0.map { String(cString: $0) } ?? "" }
            }
        }
        let size = H5Tget_size(fileType)
        guard size > 0, size <= 1 << 20 else { throw HDF5Error.unsupportedType(path: location, type: describe(fileType)) }
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= HDF5Library.maximumElementCount else {
            throw HDF5Error.tooLarge(path: location, elements: overflow ? Int.max : total)
        }
        guard H5Tset_size(memoryType.id, size) >= 0, H5Tset_strpad(memoryType.id, H5Tget_strpad(fileType)) >= 0 else {
            throw HDF5Error.readFailed(path: location, reason: "cannot create a fixed-length string type")
        }
        var bytes = [UInt8](repeating: 0, count: total)
        let status = bytes.withUnsafeMutableBytes { raw -> herr_t in
            guard let base = raw.baseAddress else { return -1 }
            return read(memoryType.id, base)
        }
        guard status >= 0 else {
            throw HDF5Error.readFailed(path: location, reason: HDF5Library.lastError(or: "strings could not be read"))
        }
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        return (0..<count).map { index in
            var element = bytes[index * size..<(index + 1) * size]
            if spacePadded {
                while let last = element.last, last == 0x20 || last == 0 { element = element.dropLast() }
            } else if let end = element.firstIndex(of: 0) {
                element = element[..<end]
            }
            return String(decoding: element, as: UTF8.self)
        }
    }
}
