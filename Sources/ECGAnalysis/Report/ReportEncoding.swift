import Foundation

/// The one JSON configuration for reports and for everything built around them (the service's `/predict` answer,
/// its saved results, `/debug/info`, `ecg analyze`):
///
/// - keys: Swift property names converted to snake_case (`heartRate` → `heart_rate`, `meanBPM` → `mean_bpm`,
///   `normalisedRMSSD` → `normalised_rmssd`, `prSDMs` → `pr_sd_ms`); dictionary keys (`beat_counts`' labels) are
///   kept as they are. A type whose wire names are not the snake_case of its properties keeps a `CodingKeys` enum
///   listing only those names (already in snake_case, which the conversion leaves alone);
/// - key order: sorted at every level, so the same report always gives the same bytes;
/// - slashes unescaped; non-finite numbers as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`;
/// - nil optionals are left out, except properties marked ``ExplicitNull``, which are written as `null`.
public enum ReportEncoding {
    /// A new encoder with the shared configuration; `prettyPrinted` indents for people.
    public static func encoder(prettyPrinted: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = prettyPrinted
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }

    /// `value` as UTF-8 JSON with the shared configuration.
    public static func encode<Value: Encodable>(_ value: Value, prettyPrinted: Bool = false) throws -> Data {
        try encoder(prettyPrinted: prettyPrinted).encode(value)
    }
}
