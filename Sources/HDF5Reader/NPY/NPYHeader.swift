/// The NPY header dictionary, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (360, 1), }`.
struct NPYHeader: Equatable {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    /// Parses the Python literal dictionary numpy writes (string keys; string, bool and int-tuple values).
    init(parsing text: String, source: String) throws {
        var scanner = LiteralScanner(Array(text.unicodeScalars), source: source)
        let members = try scanner.dictionary()
        guard case .string(let descr)? = members["descr"] else {
            if members["descr"] != nil { throw NPYError.unsupportedDType(source: source, descr: "structured dtype") }
            throw NPYError.malformedHeader(source: source, reason: "missing 'descr'")
        }
        guard case .bool(let fortran)? = members["fortran_order"] else {
            throw NPYError.malformedHeader(source: source, reason: "missing 'fortran_order'")
        }
        guard case .tuple(let shape)? = members["shape"] else {
            throw NPYError.malformedHeader(source: source, reason: "missing 'shape'")
        }
        self.descr = descr
        self.fortranOrder = fortran
        self.shape = shape
    }

    init(descr: String, fortranOrder: Bool = false, shape: [Int]) {
        self.descr = descr
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    /// The dictionary text as numpy formats it (without padding).
    var text: String {
        let dims = shape.map(String.init)
        let tuple = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        return "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(tuple), }"
    }
}

/// A tiny scanner for the subset of Python literals found in NPY headers.
private struct LiteralScanner {
    enum Value {
        case string(String)
        case bool(Bool)
        case tuple([Int])
        case other
    }

    private let scalars: [Unicode.Scalar]
    private let source: String
    private var position = 0

    init(_ scalars: [Unicode.Scalar], source: String) {
        self.scalars = scalars
        self.source = source
    }

    private func error(_ reason: String) -> NPYError { .malformedHeader(source: source, reason: "\(reason) at character \(position)") }

    private mutating func skipSpace() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws {
        skipSpace()
        guard position < scalars.count, scalars[position] == scalar else { throw error("expected '\(scalar)'") }
        position += 1
    }

    private mutating func peek() -> Unicode.Scalar? {
        skipSpace()
        return position < scalars.count ? scalars[position] : nil
    }

    mutating func dictionary() throws -> [String: Value] {
        try expect("{")
        var members: [String: Value] = [:]
        while peek() != "}" {
            let key = try string()
            try expect(":")
            members[key] = try value()
            if peek() == "," { position += 1 } else { break }
        }
        try expect("}")
        return members
    }

    private mutating func string() throws -> String {
        skipSpace()
        guard position < scalars.count, scalars[position] == "'" || scalars[position] == "\"" else { throw error("expected a string") }
        let quote = scalars[position]
        position += 1
        var out = String.UnicodeScalarView()
        while position < scalars.count, scalars[position] != quote {
            out.append(scalars[position])
            position += 1
        }
        guard position < scalars.count else { throw error("unterminated string") }
        position += 1
        return String(out)
    }

    private mutating func value() throws -> Value {
        switch peek() {
        case "'", "\"":
            return .string(try string())
        case "(":
            position += 1
            var dims: [Int] = []
            while peek() != ")" {
                dims.append(try integer())
                if peek() == "," { position += 1 } else { break }
            }
            try expect(")")
            return .tuple(dims)
        case "[", "{":
            try skipNested()
            return .other
        default:
            let word = identifier()
            if word == "True" { return .bool(true) }
            if word == "False" { return .bool(false) }
            throw error("unexpected value '\(word)'")
        }
    }

    private mutating func integer() throws -> Int {
        skipSpace()
        var digits = ""
        while position < scalars.count, ("0"..."9").contains(scalars[position]) || scalars[position] == "-" || scalars[position] == "L" {
            if scalars[position] != "L" { digits.unicodeScalars.append(scalars[position]) }
            position += 1
        }
        guard let value = Int(digits) else { throw error("expected an integer") }
        return value
    }

    private mutating func identifier() -> String {
        var word = String.UnicodeScalarView()
        while position < scalars.count, scalars[position].properties.isAlphabetic {
            word.append(scalars[position])
            position += 1
        }
        return String(word)
    }

    /// Skips a bracketed structure (structured dtype descriptions); the caller reports it as unsupported.
    private mutating func skipNested() throws {
        var depth = 0
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if scalar == "[" || scalar == "{" || scalar == "(" { depth += 1 }
            if scalar == "]" || scalar == "}" || scalar == ")" {
                depth -= 1
                if depth == 0 { return }
            }
        }
        throw error("unterminated bracket")
    }
}
