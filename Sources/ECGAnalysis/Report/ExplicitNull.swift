/// Marks an optional property whose key the result schema requires even when there is no value: synthesized
/// `Encodable` leaves a nil optional out (`encodeIfPresent`), a property marked `@ExplicitNull` is written as
/// `"key": null` instead.
///
/// ```swift
/// struct HeartRateSummary: Encodable {
///     @ExplicitNull var meanBPM: Double?   // {"mean_bpm": null} when nil
///     var note: String?                    // key left out when nil
/// }
/// ```
///
/// Decoding accepts the key with `null` or a value; a missing key is an error, as the schema requires it.
@propertyWrapper
public struct ExplicitNull<Value> {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }
}

extension ExplicitNull: Sendable where Value: Sendable {}
extension ExplicitNull: Equatable where Value: Equatable {}
extension ExplicitNull: Hashable where Value: Hashable {}

extension ExplicitNull: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = wrappedValue {
            try container.encode(value)
        } else {
            try container.encodeNil()
        }
    }
}

extension ExplicitNull: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}
