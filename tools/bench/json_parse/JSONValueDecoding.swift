import Foundation

// Benchmark only: JSONValue decoded through Foundation's JSONDecoder (JSON5 mode reads NaN and Infinity).

extension JSONValue: Decodable {
    /// Decodes any JSON value; objects keep every member, numbers become `Double`.
    public init(from decoder: any Decoder) throws {
        if var items = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            if let count = items.count { values.reserveCapacity(count) }
            while !items.isAtEnd { values.append(try items.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        if let members = try? decoder.container(keyedBy: MemberKey.self) {
            var values: [String: JSONValue] = [:]
            values.reserveCapacity(members.allKeys.count)
            for key in members.allKeys { values[key.stringValue] = try members.decode(JSONValue.self, forKey: key) }
            self = .object(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
