import Foundation

/// Text put into the HTML report: every string from the recording, the file system or the analysis goes through
/// ``escape(_:)`` before it is written into an element or an attribute value.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references; other control characters (below U+0020, except tab,
    /// line feed and carriage return) are dropped, since HTML does not allow them.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A number with at most `places` decimals and no trailing zeros ("12.5", "3", "-0.25"), for SVG coordinates
    /// and table cells.
    static func number(_ value: Double, places: Int = 2) -> String {
        guard value.isFinite else { return "0" }
        let rounded = value.rounded(toPlaces: places)
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return String(Int(rounded.rounded())) }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A number with exactly `places` decimals ("71.0", "58.4"), for table columns.
    static func fixed(_ value: Double, places: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        return String(format: "%.\(max(0, min(6, places)))f", value)
    }

    /// Seconds from the recording's start as `h:mm:ss`, with tenths (`h:mm:ss.t`) when `tenths` is set.
    static func clock(_ seconds: Double, tenths: Bool = false) -> String {
        let value = max(0, seconds)
        let whole = Int(value)
        let h = whole / 3600, m = (whole % 3600) / 60, s = whole % 60
        var text = "\(h):" + (m < 10 ? "0" : "") + "\(m):" + (s < 10 ? "0" : "") + "\(s)"
        if tenths { text += "." + String(Int((value - Double(whole)) * 10) % 10) }
        return text
    }
}
