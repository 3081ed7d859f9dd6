import Foundation

/// One annotation of a WFDB annotation file (`.atr` and friends).
public struct WFDBAnnotation: Sendable, Equatable {
    /// Sample index (at the record's sampling frequency) the annotation points to.
    public var sample: Int
    /// The annotation mnemonic: "N", "V", "+", "~", … (WFDB `ecgcodes.h`).
    public var symbol: String
    /// Auxiliary text, e.g. the rhythm "(AFIB" of a "+" annotation.
    public var auxNote: String?
    /// Sub-type, channel and number fields (0 unless set).
    public var subtype: Int
    public var channel: Int
    public var number: Int

    public init(sample: Int, symbol: String, auxNote: String? = nil, subtype: Int = 0, channel: Int = 0, number: Int = 0) {
        self.sample = sample
        self.symbol = symbol
        self.auxNote = auxNote
        self.subtype = subtype
        self.channel = channel
        self.number = number
    }

    /// Mnemonics of the beat annotations (QRS complexes) that R-peak detection is scored against.
    public static let beatSymbols: Set<String> = [
        "N", "L", "R", "B", "A", "a", "J", "S", "V", "r", "F", "e", "j", "n", "E", "/", "f", "Q", "?",
    ]

    /// True for beat annotations (see `beatSymbols`).
    public var isBeat: Bool { Self.beatSymbols.contains(symbol) }
}

/// Reads WFDB annotation files in the MIT format (the format of MIT-BIH `.atr` files).
/// Format: https://physionet.org/physiotools/wag/annot-5.htm
public enum WFDBAnnotationReader {
    /// Annotation files larger than this are rejected (a 30-minute MITDB `.atr` is about 6 kB).
    public static let maxBytes = 64 << 20

    /// Mnemonics of annotation codes 0…41 (WFDB `ecgcodes.h`); empty strings are unused codes.
    static let mnemonics: [String] = [
        "", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "", "|", "", "s", "T", "*", "D",
        "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", ")", "r",
    ]

    /// Reads the annotation file at `path`.
    public static func read(path: String) throws -> [WFDBAnnotation] {
        let data = try WFDBRecordReader.readFile(
            URL(fileURLWithPath: path), limit: maxBytes + 1, what: "the annotation file")
        guard data.count <= maxBytes else { throw ECGAnalysisError.invalidInput("the annotation file is too large") }
        return try parse(data)
    }

    /// Parses MIT-format annotation bytes: 16-bit little-endian words, 6-bit code + 10-bit time increment, with
    /// SKIP (59), NUM (60), SUB (61), CHN (62) and AUX (63) pseudo-codes. Stops at the 0 word or the data's end.
    public static func parse(_ data: Data) throws -> [WFDBAnnotation] {
        let bytes = [UInt8](data)
        var annotations: [WFDBAnnotation] = []
        var time = 0
        var channel = 0
        var number = 0
        var i = 0
        func word(at offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        while i + 1 < bytes.count {
            let value = word(at: i)
            i += 2
            let code = value >> 10
            let field = value & 0x3FF
            switch code {
            case 0 where field == 0:
                return annotations
            case 59:  // SKIP: a 32-bit interval follows, high 16 bits first.
                guard i + 3 < bytes.count else { throw ECGAnalysisError.invalidInput("the annotation file ends inside a SKIP") }
                let interval = Int32(bitPattern: UInt32(word(at: i)) << 16 | UInt32(word(at: i + 2)))
                time += Int(interval)
                i += 4
            case 60:
                number = signed10(field)
                if !annotations.isEmpty { annotations[annotations.count - 1].number = number }
            case 61:
                if !annotations.isEmpty { annotations[annotations.count - 1].subtype = signed10(field) }
            case 62:
                channel = field
                if !annotations.isEmpty { annotations[annotations.count - 1].channel = channel }
            case 63:
                let length = field
                guard i + length <= bytes.count else {
                    throw ECGAnalysisError.invalidInput("the annotation file ends inside an auxiliary note")
                }
                var text = bytes[i..<(i + length)]
                if let zero = text.firstIndex(of: 0) { text = text[..<zero] }
                if !annotations.isEmpty {
                    annotations[annotations.count - 1].auxNote =
                        String(decoding: text, as: UTF8.self)
                }
                i += length + (length & 1)
            default:
                time += field
                guard time >= 0 else { throw ECGAnalysisError.invalidInput("the annotation file has a negative time") }
                let symbol = code < mnemonics.count && !mnemonics[code].isEmpty ? mnemonics[code] : "[\(code)]"
                annotations.append(WFDBAnnotation(sample: time, symbol: symbol, channel: channel, number: number))
            }
        }
        return annotations
    }

    private static func signed10(_ field: Int) -> Int { field >= 512 ? field - 1024 : field }
}
