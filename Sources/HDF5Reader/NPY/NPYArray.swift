import Foundation

/// An n-dimensional array in NumPy's `.npy` format (versions 1, 2 and 3), always held in C (row-major) order.
///
/// Reads `<f4 <f8 <i1…<i8 <u1…<u8 |b1` (either byte order), `<U` unicode and `|S` byte strings; Fortran-order
/// files are transposed on read. Writes float32, float64, int64 and unicode arrays.
public struct NPYArray: Sendable, Equatable {
    /// Element storage: floats keep their width, integers and booleans widen to Int64, strings stay strings.
    public enum Values: Sendable, Equatable {
        case float32([Float])
        case float64([Double])
        case int64([Int64])
        case strings([String])

        public var count: Int {
            switch self {
            case .float32(let values): return values.count
            case .float64(let values): return values.count
            case .int64(let values): return values.count
            case .strings(let values): return values.count
            }
        }
    }

    /// Dimensions, row-major; `[]` for a scalar.
    public let shape: [Int]
    public let values: Values
    /// The dtype as stored (e.g. `<f4`, `<U1`), or the one `encoded()` writes for arrays built in memory.
    public let descr: String

    /// Arrays larger than this are refused before allocation.
    public static let maximumElementCount = 1 << 28

    public init(shape: [Int], values: Values) throws {
        try self.init(shape: shape, values: values, descr: NPYArray.defaultDescr(values))
    }

    /// A float32 array (the format model inputs and outputs use).
    public init(shape: [Int], floats: [Float]) throws {
        try self.init(shape: shape, values: .float32(floats))
    }

    private init(shape: [Int], values: Values, descr: String) throws {
        guard shape.allSatisfy({ $0 >= 0 }), let count = NPYArray.elementCount(shape), count == values.count else {
            throw NPYError.invalidArray(reason: "shape \(shape) does not hold \(values.count) values")
        }
        self.shape = shape
        self.values = values
        self.descr = descr
    }

    /// Numeric values converted to Float (integers and float64 rounded to the nearest float).
    public func floatValues() throws -> [Float] {
        switch values {
        case .float32(let values): return values
        case .float64(let values): return values.map { Float($0) }
        case .int64(let values): return values.map { Float($0) }
        case .strings: throw NPYError.invalidArray(reason: "a string array (\(descr)) has no numeric values")
        }
    }

    /// Numeric values converted to Double.
    public func doubleValues() throws -> [Double] {
        switch values {
        case .float32(let values): return values.map { Double($0) }
        case .float64(let values): return values
        case .int64(let values): return values.map { Double($0) }
        case .strings: throw NPYError.invalidArray(reason: "a string array (\(descr)) has no numeric values")
        }
    }

    /// The strings of a `<U` or `|S` array.
    public func stringValues() throws -> [String] {
        guard case .strings(let strings) = values else {
            throw NPYError.invalidArray(reason: "a numeric array (\(descr)) has no string values")
        }
        return strings
    }

    // MARK: - Reading

    /// Reads the `.npy` file at `path`.
    public init(contentsOf path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "unreadable" : "no such file"
            throw NPYError.cannotRead(path: path, reason: reason)
        }
        try self.init(data: data, source: path)
    }

    /// Parses `.npy` bytes; `source` names them in errors.
    public init(data: Data, source: String = "<memory>") throws {
        let bytes = [UInt8](data)
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic, (1...3).contains(bytes[6]) else {
            throw NPYError.notNPY(source: source)
        }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        } else {
            guard bytes.count >= 12 else { throw NPYError.notNPY(source: source) }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            headerStart = 12
        }
        guard headerStart + headerLength <= bytes.count else {
            throw NPYError.malformedHeader(source: source, reason: "header length \(headerLength) runs past the end of the file")
        }
        let headerBytes = bytes[headerStart..<headerStart + headerLength]
        guard let text = major == 3
            ? String(bytes: headerBytes, encoding: .utf8)
            : String(bytes: headerBytes, encoding: .isoLatin1)
        else { throw NPYError.malformedHeader(source: source, reason: "header is not valid text") }
        let header = try NPYHeader(parsing: text, source: source)
        try self.init(header: header, payload: bytes[(headerStart + headerLength)...], source: source)
    }

    private init(header: NPYHeader, payload: ArraySlice<UInt8>, source: String) throws {
        let shapeText = "(" + header.shape.map(String.init).joined(separator: ", ") + ")"
        guard header.shape.allSatisfy({ $0 >= 0 }), let count = NPYArray.elementCount(header.shape),
              count <= NPYArray.maximumElementCount
        else { throw NPYError.absurdShape(source: source, shape: shapeText) }
        let type = try NPYElementType(descr: header.descr, source: source)
        let (needed, overflow) = count.multipliedReportingOverflow(by: type.itemSize)
        guard !overflow else { throw NPYError.absurdShape(source: source, shape: shapeText) }
        guard payload.count >= needed else {
            throw NPYError.truncatedData(source: source, expectedBytes: needed, foundBytes: payload.count)
        }
        var values = try type.decode(payload.prefix(needed), count: count, source: source)
        if header.fortranOrder, header.shape.count > 1 {
            values = NPYArray.fortranToC(values, shape: header.shape)
        }
        try self.init(shape: header.shape, values: values, descr: header.descr)
    }

    // MARK: - Writing

    /// The `.npy` bytes (format version 1.0, or 2.0 when the header exceeds 64 KiB), C order, little-endian.
    /// As numpy does, the header is padded with spaces so that the data starts at a multiple of 64 bytes.
    public func encoded() -> Data {
        let (descr, payload) = NPYElementType.encode(values)
        let dictionary = NPYHeader(descr: descr, shape: shape).text
        func padded(prefix: Int) -> String {
            let padding = (64 - (prefix + dictionary.utf8.count + 1) % 64) % 64
            return dictionary + String(repeating: " ", count: padding) + "\n"
        }
        var out = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59])
        var header = padded(prefix: 10)
        if header.utf8.count <= 0xFFFF {
            let length = header.utf8.count
            out += [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        } else {
            header = padded(prefix: 12)
            let length = header.utf8.count
            out += [2, 0] + (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
        }
        out += Data(header.utf8)
        out += payload
        return out
    }

    /// Writes the array to `path` (replacing any file there).
    public func write(to path: String) throws {
        do { try encoded().write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw NPYError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    // MARK: - Helpers

    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            count = product
        }
        return count
    }

    private static func defaultDescr(_ values: Values) -> String { NPYElementType.encode(values, payload: false).descr }

    /// Reorders column-major (Fortran) values into row-major order.
    static func fortranToC(_ values: Values, shape: [Int]) -> Values {
        let count = values.count
        var order = [Int](repeating: 0, count: count)
        // Fortran strides: the first axis varies fastest.
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        for position in 0..<count {
            var source = 0
            for axis in 0..<shape.count { source += index[axis] * strides[axis] }
            order[position] = source
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        switch values {
        case .float32(let v): return .float32(order.map { v[$0] })
        case .float64(let v): return .float64(order.map { v[$0] })
        case .int64(let v): return .int64(order.map { v[$0] })
        case .strings(let v): return .strings(order.map { v[$0] })
        }
    }
}
