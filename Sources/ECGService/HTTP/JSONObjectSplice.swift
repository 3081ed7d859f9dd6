#if Service
import Foundation

/// Adds members to an already-encoded JSON object without decoding it again (the report can be large).
enum JSONObjectSplice {
    struct NotAnObject: Error {}

    /// `{"a":1}` + `[("id", "\"x\"")]` at the front → `{"id":"x","a":1}`.
    /// - Parameter members: key and already-encoded JSON value, in order.
    static func inserting(_ members: [(key: String, value: Data)], atStartOf object: Data) throws -> Data {
        guard let open = firstSignificantIndex(in: object), object[open] == UInt8(ascii: "{") else { throw NotAnObject() }
        let afterOpen = object.index(after: open)
        let isEmpty = firstSignificantIndex(in: object, from: afterOpen).map { object[$0] == UInt8(ascii: "}") } ?? false
        var result = Data()
        result.reserveCapacity(object.count + members.reduce(0) { $0 + $1.key.utf8.count + $1.value.count + 4 })
        result.append(UInt8(ascii: "{"))
        append(members, to: &result)
        if !isEmpty && !members.isEmpty { result.append(UInt8(ascii: ",")) }
        result.append(object[afterOpen...])
        return result
    }

    /// `{"a":1}` + `[("trace", …)]` at the end → `{"a":1,"trace":…}`.
    static func inserting(_ members: [(key: String, value: Data)], atEndOf object: Data) throws -> Data {
        guard let open = firstSignificantIndex(in: object), object[open] == UInt8(ascii: "{"),
              let close = lastSignificantIndex(in: object), close > open, object[close] == UInt8(ascii: "}")
        else { throw NotAnObject() }
        let isEmpty = firstSignificantIndex(in: object, from: object.index(after: open)) == close
        var result = Data()
        result.reserveCapacity(object.count + members.reduce(0) { $0 + $1.key.utf8.count + $1.value.count + 4 })
        result.append(object[..<close])
        if !isEmpty && !members.isEmpty { result.append(UInt8(ascii: ",")) }
        append(members, to: &result)
        result.append(UInt8(ascii: "}"))
        return result
    }

    /// A JSON string literal.
    static func string(_ text: String) -> Data {
        (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
    }

    private static func append(_ members: [(key: String, value: Data)], to result: inout Data) {
        for (index, member) in members.enumerated() {
            if index > 0 { result.append(UInt8(ascii: ",")) }
            result.append(string(member.key))
            result.append(UInt8(ascii: ":"))
            result.append(member.value)
        }
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func firstSignificantIndex(in data: Data, from start: Data.Index? = nil) -> Data.Index? {
        data[(start ?? data.startIndex)...].firstIndex { !isWhitespace($0) }
    }

    private static func lastSignificantIndex(in data: Data) -> Data.Index? {
        data.lastIndex { !isWhitespace($0) }
    }
}
#endif
