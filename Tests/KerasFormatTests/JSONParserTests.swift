import Foundation
import Testing
@testable import KerasFormat

@Suite struct JSONParserTests {
    @Test func readsWhatPythonWrites() throws {
        let value = try JSONValue(parsing: #"{"a": [1, -2.5e3, true, false, null], "b": "\u00e9\n", "n": NaN, "i": -Infinity}"#)
        #expect(value["a"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("é\n"))
        #expect(value["n"]?.doubleValue?.isNaN == true)
        #expect(value["i"] == .number(-.infinity))
        // Foundation's JSON5 decoder, the alternative docs/PERFORMANCE.md measures, reads the same value.
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        let config = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/keras/conv_lstm_bn_tfkeras_weights/model.json"))
        #expect(try JSONValue(parsing: config) == decoder.decode(JSONValueDecoding.self, from: config).value)
    }

    @Test func surrogateEscapes() throws {
        #expect(try JSONValue(parsing: #""\ud83d\udc93""#) == .string("\u{1F493}"))
        // Lone surrogates, as Python writes them, read as U+FFFD; the escape after a lone high one is its own scalar.
        #expect(try JSONValue(parsing: #""\udc93x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue(parsing: #""\ud83d\u00e9""#) == .string("\u{FFFD}é"))
        #expect(try JSONValue(parsing: #""\uDAeA\uDAeA\udc00""#) == .string("\u{FFFD}\u{CA800}"))
        // Found by FuzzKerasJSON: a high surrogate followed by an escape below U+DC00 overflowed.
        #expect(throws: JSONValueError.self) { try JSONValue(parsing: #""\uDAeA\uDAeA"#) }
    }

    @Test func malformedInputIsATypedError() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        for text in ["", "{", #"{"a": }"#, "[1, 2", "tru", #""unterminated"#, "{} x", "01x", deep] {
            #expect(throws: JSONValueError.self, "\(text.prefix(20))") { try JSONValue(parsing: text) }
        }
    }
}

/// JSONValue through Decodable, for the comparison above.
private struct JSONValueDecoding: Decodable {
    let value: JSONValue

    init(from decoder: any Decoder) throws {
        if var items = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !items.isAtEnd { values.append(try items.decode(JSONValueDecoding.self).value) }
            value = .array(values)
        } else if let members = try? decoder.container(keyedBy: Key.self) {
            var values: [String: JSONValue] = [:]
            for key in members.allKeys { values[key.stringValue] = try members.decode(JSONValueDecoding.self, forKey: key).value }
            value = .object(values)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() { value = .null }
            else if let bool = try? single.decode(Bool.self) { value = .bool(bool) }
            else if let number = try? single.decode(Double.self) { value = .number(number) }
            else { value = .string(try single.decode(String.self)) }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
