import Foundation

/// A parsed NPY dtype string (`<f4`, `>i2`, `|b1`, `<U12`, `|S5`, …) and its decoding.
struct NPYElementType {
    enum Kind {
        case float, signed, unsigned, bool, unicode, bytes
    }

    let kind: Kind
    let littleEndian: Bool
    /// Bytes per element (for `<U n` that is 4·n).
    let itemSize: Int
    let descr: String

    init(descr: String, source: String) throws {
        let scalars = Array(descr.unicodeScalars)
        guard scalars.count >= 2 else { throw NPYError.unsupportedDType(source: source, descr: descr) }
        var rest = scalars[...]
        var little = true
        switch rest.first {
        case "<", "=", "|": rest = rest.dropFirst()
        case ">": little = false; rest = rest.dropFirst()
        default: break
        }
        guard let code = rest.first, let size = Int(String(String.UnicodeScalarView(rest.dropFirst()))), size >= 0 else {
            throw NPYError.unsupportedDType(source: source, descr: descr)
        }
        let kind: Kind
        var itemSize = size
        switch (code, size) {
        case ("f", 4), ("f", 8): kind = .float
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
        case ("b", 1): kind = .bool
        case ("U", _):
            kind = .unicode
            let (bytes, overflow) = size.multipliedReportingOverflow(by: 4)
            guard !overflow, bytes <= 1 << 24 else { throw NPYError.unsupportedDType(source: source, descr: descr) }
            itemSize = bytes
        case ("S", _), ("a", _):
            guard size <= 1 << 24 else { throw NPYError.unsupportedDType(source: source, descr: descr) }
            kind = .bytes
        default:
            throw NPYError.unsupportedDType(source: source, descr: descr)
        }
        self.kind = kind
        littleEndian = little
        self.itemSize = itemSize
        self.descr = descr
    }

    /// Decodes `count` elements from exactly `count · itemSize` bytes.
    func decode(_ bytes: ArraySlice<UInt8>, count: Int, source: String) throws -> NPYArray.Values {
        try bytes.withUnsafeBytes { raw in try decode(raw, count: count, source: source) }
    }

    private func decode(_ raw: UnsafeRawBufferPointer, count: Int, source: String) throws -> NPYArray.Values {
        let little = littleEndian
        func load<T: FixedWidthInteger>(_ index: Int, _: T.Type) -> T {
            let value = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self)
            return little ? T(littleEndian: value) : T(bigEndian: value)
        }
        func integer(_ index: Int) -> Int64 {
            switch (kind, itemSize) {
            case (.signed, 1): return Int64(load(index, Int8.self))
            case (.signed, 2): return Int64(load(index, Int16.self))
            case (.signed, 4): return Int64(load(index, Int32.self))
            case (.signed, _): return load(index, Int64.self)
            case (_, 1): return Int64(load(index, UInt8.self))
            case (_, 2): return Int64(load(index, UInt16.self))
            case (_, 4): return Int64(load(index, UInt32.self))
            default: return Int64(bitPattern: load(index, UInt64.self))
            }
        }
        switch kind {
        case .float where itemSize == 4:
            if little == NPYElementType.hostIsLittleEndian { return .float32(copied(raw, count: count)) }
            return .float32((0..<count).map { Float(bitPattern: load($0, UInt32.self)) })
        case .float:
            if little == NPYElementType.hostIsLittleEndian { return .float64(copied(raw, count: count)) }
            return .float64((0..<count).map { Double(bitPattern: load($0, UInt64.self)) })
        case .signed:
            return .int64((0..<count).map(integer))
        case .unsigned, .bool:
            var out = [Int64](repeating: 0, count: count)
            for index in 0..<count {
                let value = integer(index)
                // A u8 above Int64.max wraps negative through the bit pattern.
                guard value >= 0 else { throw NPYError.valueOutOfRange(source: source, descr: descr) }
                out[index] = kind == .bool ? (value == 0 ? 0 : 1) : value
            }
            return .int64(out)
        case .unicode:
            let characters = itemSize / 4
            return .strings((0..<count).map { index in
                var scalars = String.UnicodeScalarView()
                for position in 0..<characters {
                    let code = load(index * characters + position, UInt32.self)
                    if code == 0 { break }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                }
                return String(scalars)
            })
        case .bytes:
            return .strings((0..<count).map { index in
                var element = raw[(index * itemSize)..<((index + 1) * itemSize)]
                while let last = element.last, last == 0 { element = element.dropLast() }
                return String(decoding: element, as: UTF8.self)
            })
        }
    }

    static let hostIsLittleEndian = 1.littleEndian == 1

    /// `count` values of the host's layout copied out of `raw` in one go.
    private func copied<T>(_ raw: UnsafeRawBufferPointer, count: Int) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialised in
            if count > 0, let base = raw.baseAddress {
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: base, count: count * MemoryLayout<T>.stride))
            }
            initialised = count
        }
    }

    /// The little-endian dtype and bytes `NPYArray.encoded()` writes; `payload: false` only computes the dtype.
    static func encode(_ values: NPYArray.Values, payload: Bool = true) -> (descr: String, bytes: Data) {
        switch values {
        case .float32(let values):
            guard payload else { return ("<f4", Data()) }
            if hostIsLittleEndian { return ("<f4", values.withUnsafeBytes { Data($0) }) }
            return ("<f4", littleEndianBytes(values.map(\.bitPattern)))
        case .float64(let values):
            guard payload else { return ("<f8", Data()) }
            if hostIsLittleEndian { return ("<f8", values.withUnsafeBytes { Data($0) }) }
            return ("<f8", littleEndianBytes(values.map(\.bitPattern)))
        case .int64(let values):
            guard payload else { return ("<i8", Data()) }
            return ("<i8", littleEndianBytes(values))
        case .strings(let strings):
            let width = max(1, strings.map { $0.unicodeScalars.count }.max() ?? 1)
            guard payload else { return ("<U\(width)", Data()) }
            var bytes = Data(capacity: strings.count * width * 4)
            for string in strings {
                var scalars = string.unicodeScalars.map(\.value)
                scalars += [UInt32](repeating: 0, count: width - scalars.count)
                bytes += littleEndianBytes(scalars)
            }
            return ("<U\(width)", bytes)
        }
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        if hostIsLittleEndian { return values.withUnsafeBytes { Data($0) } }
        var data = Data(count: values.count * MemoryLayout<T>.size)
        data.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.littleEndian, toByteOffset: index * MemoryLayout<T>.size, as: T.self)
            }
        }
        return data
    }
}
