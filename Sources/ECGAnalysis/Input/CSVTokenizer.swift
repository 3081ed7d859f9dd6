/// Splits delimited text into rows of fields, byte by byte (UTF-8), with quote handling and hostile-input limits.
enum CSVTokenizer {
    /// A field separator candidate.
    enum Delimiter: Sendable, Equatable {
        case comma, semicolon, tab
        /// Runs of spaces (and tabs).
        case whitespace
    }

    /// Byte ranges of the non-blank lines, without their line ends; lines starting with `#` are comments. Lines
    /// longer than `maxLineBytes` are rejected (``ECGReadOptions/maxLineBytes``; a column-wise row is well under 1 kB).
    static func lines(of bytes: [UInt8], maxLineBytes: Int = ECGReadOptions.defaultMaxLineBytes) throws -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        let n = bytes.count
        // Skip a UTF-8 byte-order mark.
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var i = start
        while i <= n {
            if i == n || bytes[i] == 0x0A || bytes[i] == 0x0D {
                if i - start > maxLineBytes {
                    throw ECGAnalysisError.invalidInput("line \(lines.count + 1) is longer than \(maxLineBytes) bytes")
                }
                var first = start
                while first < i, bytes[first] == 0x20 || bytes[first] == 0x09 { first += 1 }
                if first < i, bytes[first] != UInt8(ascii: "#") { lines.append(start..<i) }
                start = i + 1
            }
            i += 1
        }
        return lines
    }

    /// Field byte ranges of one line: quotes (`"` or `'`) are stripped, surrounding spaces trimmed.
    static func fields(of line: Range<Int>, in bytes: [UInt8], delimiter: Delimiter, into out: inout [Range<Int>]) {
        out.removeAll(keepingCapacity: true)
        var i = line.lowerBound
        let end = line.upperBound
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        func isDelimiter(_ b: UInt8) -> Bool {
            switch delimiter {
            case .comma: b == UInt8(ascii: ",")
            case .semicolon: b == UInt8(ascii: ";")
            case .tab: b == 0x09
            case .whitespace: isSpace(b)
            }
        }
        if delimiter == .whitespace { while i < end, isSpace(bytes[i]) { i += 1 } }
        while i <= end {
            // Leading spaces of a field.
            while i < end, isSpace(bytes[i]), !isDelimiter(bytes[i]) { i += 1 }
            var fieldStart = i
            var fieldEnd = i
            if i < end, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                let quote = bytes[i]
                fieldStart = i + 1
                var j = fieldStart
                while j < end, bytes[j] != quote { j += 1 }
                fieldEnd = j
                i = min(j + 1, end)
                while i < end, !isDelimiter(bytes[i]) { i += 1 }
            } else {
                while i < end, !isDelimiter(bytes[i]) { i += 1 }
                fieldEnd = i
                while fieldEnd > fieldStart, isSpace(bytes[fieldEnd - 1]) { fieldEnd -= 1 }
            }
            out.append(fieldStart..<fieldEnd)
            if i >= end { break }
            // Step over the delimiter (a whole run of it for whitespace).
            i += 1
            if delimiter == .whitespace {
                while i < end, isSpace(bytes[i]) { i += 1 }
                if i >= end { break }
            }
        }
    }

    /// Parses a decimal number (`-1.5`, `.5`, `1e-3`, and `1,5` when `decimalComma`) without allocating.
    /// Returns nil for anything else, including empty fields.
    static func number(_ range: Range<Int>, in bytes: [UInt8], decimalComma: Bool) -> Double? {
        var i = range.lowerBound
        let end = range.upperBound
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var exponent = 0
        var digits = 0
        var significant = 0
        while i < end, bytes[i] >= 48, bytes[i] <= 57 {
            if significant < 18 {
                mantissa = mantissa * 10 + UInt64(bytes[i] - 48)
                if mantissa > 0 { significant += 1 }
            } else {
                exponent += 1
            }
            digits += 1
            i += 1
        }
        if i < end, bytes[i] == UInt8(ascii: ".") || (decimalComma && bytes[i] == UInt8(ascii: ",")) {
            i += 1
            while i < end, bytes[i] >= 48, bytes[i] <= 57 {
                if significant < 18 {
                    mantissa = mantissa * 10 + UInt64(bytes[i] - 48)
                    if mantissa > 0 { significant += 1 }
                    exponent -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var expDigits = 0
            while i < end, bytes[i] >= 48, bytes[i] <= 57 {
                value = min(value * 10 + Int(bytes[i] - 48), 10_000)
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -value : value
        }
        guard i == end else { return nil }
        var result = Double(mantissa)
        if exponent != 0 {
            let clamped = max(-400, min(400, exponent))
            result *= pow10(clamped)
        }
        guard result.isFinite else { return nil }
        return negative ? -result : result
    }

    private static func pow10(_ e: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var n = abs(e)
        while n > 0 {
            if n & 1 == 1 { result *= base }
            base *= base
            n >>= 1
        }
        return e < 0 ? 1 / result : result
    }
}
