import Foundation

/// JSON keys of the Holter types: their synthesized coding keys (camelCase property names) written in snake_case,
/// so `meanBPM` is `mean_bpm` and `pnn50Pct` is `pnn50_pct`. Keys outside `holter` are left as their types give them.
enum HolterKeyEncoding {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
    }

    static func key(for path: [CodingKey]) -> CodingKey {
        guard let last = path.last else { return Key(stringValue: "") }
        guard path.count > 1, path[0].stringValue == "holter", last.intValue == nil else { return last }
        return Key(stringValue: snakeCase(last.stringValue))
    }

    /// `camelCase` → `camel_case`; a run of capitals is one word (`meanBPM` → `mean_bpm`), digits stay with the
    /// word before them (`pnn50Pct` → `pnn50_pct`).
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var out = ""
        for (i, c) in characters.enumerated() {
            if c.isUppercase, i > 0 {
                let previous = characters[i - 1]
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("_") }
            }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }
}
