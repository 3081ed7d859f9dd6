/// A measured quantity in stated units with the rule that produced it, or `null` with the reason it could not be
/// measured. Encodes as `{"value": 412.5 | null, "unit": "ms", "rule": "...", "reason": "..." | null}`.
public struct MeasuredValue: Sendable, Encodable, Equatable {
    @ExplicitNull public var value: Double? = nil
    public var unit: String
    public var rule: String
    /// Why `value` is null; nil when it was measured.
    @ExplicitNull public var reason: String? = nil

    public static func measured(_ value: Double, unit: String, rule: String, decimals: Int = 1) -> MeasuredValue {
        MeasuredValue(value: value.rounded(toPlaces: decimals), unit: unit, rule: rule, reason: nil)
    }

    public static func unmeasured(unit: String, rule: String, reason: String) -> MeasuredValue {
        MeasuredValue(value: nil, unit: unit, rule: rule, reason: reason)
    }
}

extension Double {
    /// This value rounded half away from zero to `places` decimals (for reporting, not for further arithmetic).
    func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<max(0, places) { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
