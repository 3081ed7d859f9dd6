import CHDF5

/// A dataset of an open HDF5 file: shape, element type and values.
public struct HDF5Dataset: Sendable {
    public let file: HDF5File
    /// Absolute path inside the file.
    public let path: String
    let handle: HDF5Handle

    /// The dataset's attributes.
    public var attributes: HDF5Attributes { HDF5Attributes(location: location, handle: handle) }
    /// Dimensions, row-major; `[]` for a scalar dataset.
    public let shape: [Int]
    /// Number of stored elements (1 for a scalar, 0 for an empty or null dataspace).
    public let elementCount: Int

    init(file: HDF5File, path: String, handle: HDF5Handle) throws {
        self.file = file
        self.path = path
        self.handle = handle
        let location = "\(file.source):\(path)"
        let space = try HDF5Handle(H5Dget_space(handle.id), .dataspace,
                                   orThrow: .readFailed(path: location, reason: "cannot read the dataspace"))
        (shape, elementCount) = try HDF5Values.extent(of: space.id, location: location)
    }

    /// The element type, e.g. `float32`, `int64`, `variable-length string`.
    public var typeDescription: String {
        HDF5Library.locked {
            guard let type = try? datatype() else { return "unknown" }
            return HDF5Values.describe(type.id)
        }
    }

    /// All values converted to `Float` (any integer or floating-point type; libhdf5 converts), row-major.
    public func readFloats() throws -> [Float] { try read(Float.self, memoryType: chdf5_t_native_float()) }

    /// All values converted to `Double`, row-major.
    public func readDoubles() throws -> [Double] { try read(Double.self, memoryType: chdf5_t_native_double()) }

    /// All values converted to `Int64` (integer types only), row-major.
    public func readInt64s() throws -> [Int64] { try read(Int64.self, memoryType: chdf5_t_native_int64()) }

    /// All values of a string dataset (fixed- or variable-length), row-major.
    public func readStrings() throws -> [String] {
        try HDF5Library.locked {
            let type = try datatype()
            return try HDF5Values.readStrings(
                fileType: type.id, count: elementCount, location: location,
                read: { memoryType, buffer in H5Dread(handle.id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer) },
                reclaim: { memoryType, buffer in
                    guard let space = try? HDF5Handle(H5Dget_space(handle.id), .dataspace, orThrow: .missingObject(path: location)) else { return }
                    _ = H5Dvlen_reclaim(memoryType, space.id, chdf5_p_default(), buffer)
                })
        }
    }

    // MARK: - Internals

    /// `file:path`, for error messages.
    public var location: String { "\(file.source):\(path)" }

    private func datatype() throws -> HDF5Handle {
        try HDF5Handle(H5Dget_type(handle.id), .datatype, orThrow: .readFailed(path: location, reason: "cannot read the datatype"))
    }

    private func read<T: Numeric>(_: T.Type, memoryType: hid_t) throws -> [T] {
        try HDF5Library.locked {
            let type = try datatype()
            return try HDF5Values.readNumbers(
                T.self, fileType: type.id, memoryType: memoryType, count: elementCount, location: location
            ) { buffer in
                H5Dread(handle.id, memoryType, chdf5_s_all(), chdf5_s_all(), chdf5_p_default(), buffer)
            }
        }
    }
}
