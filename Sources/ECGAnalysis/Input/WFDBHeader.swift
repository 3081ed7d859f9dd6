import Foundation

/// A parsed WFDB header (`.hea`) of a single-segment record.
/// Format: https://physionet.org/physiotools/wag/header-5.htm
struct WFDBHeader: Sendable, Equatable {
    /// One signal line of the header.
    struct Signal: Sendable, Equatable {
        /// Data file the samples live in, relative to the header's folder.
        var fileName: String
        /// Storage format (16, 212, 80, …).
        var format: Int
        /// Bytes to skip at the start of the data file.
        var byteOffset: Int
        /// ADC units per physical unit.
        var gain: Double
        /// ADC value that corresponds to 0 physical units.
        var baseline: Int
        /// Physical units as written ("mV", "uV", …).
        var units: String
        /// Signal description, used as the lead name ("MLII", "V5", …).
        var description: String
    }

    var recordName: String
    /// Samples per second per signal, Hz.
    var sampleRate: Double
    /// Samples per signal when the header states it.
    var sampleCount: Int?
    var signals: [Signal]
    /// True when the header gave no sampling frequency (WFDB then means 250 Hz).
    var sampleRateStated: Bool

    /// The rate WFDB assumes when a header omits it, Hz.
    static let wfdbDefaultSampleRate = 250.0
    /// The gain WFDB assumes when a header gives 0 or none, ADC units per mV.
    static let wfdbDefaultGain = 200.0
    /// Header files larger than this are not WFDB headers.
    static let maxHeaderBytes = 1 << 20

    /// Parses header text (LF or CRLF line ends, `#` comments).
    init(text: String, maxLeads: Int) throws {
        let lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard let recordLine = lines.first else {
            throw ECGAnalysisError.invalidInput("the WFDB header is empty")
        }
        let fields = recordLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 2 else {
            throw ECGAnalysisError.invalidInput("the WFDB record line needs a record name and a signal count")
        }
        if fields[0].contains("/") {
            throw ECGAnalysisError.unsupportedFormat("multi-segment WFDB records are not supported")
        }
        recordName = fields[0]
        guard let signalCount = Int(fields[1]), signalCount >= 0 else {
            throw ECGAnalysisError.invalidInput("the WFDB signal count '\(fields[1])' is not a number")
        }
        guard signalCount > 0 else { throw ECGAnalysisError.invalidInput("the WFDB record has no signals") }
        guard signalCount <= maxLeads else {
            throw ECGAnalysisError.invalidInput("the WFDB record has \(signalCount) signals (limit \(maxLeads))")
        }
        if fields.count >= 3 {
            // "360", "360/1000" (counter frequency) or "360(0)" (base counter value).
            let rateText = fields[2].prefix(while: { $0 != "/" && $0 != "(" })
            guard let rate = Double(rateText), rate.isFinite, rate > 0, rate <= 1_000_000 else {
                throw ECGAnalysisError.invalidInput("the WFDB sampling frequency '\(fields[2])' is not valid")
            }
            sampleRate = rate
            sampleRateStated = true
        } else {
            sampleRate = Self.wfdbDefaultSampleRate
            sampleRateStated = false
        }
        if fields.count >= 4 {
            guard let count = Int(fields[3]), count >= 0 else {
                throw ECGAnalysisError.invalidInput("the WFDB sample count '\(fields[3])' is not valid")
            }
            sampleCount = count
        } else {
            sampleCount = nil
        }
        guard lines.count - 1 >= signalCount else {
            throw ECGAnalysisError.invalidInput(
                "the WFDB header announces \(signalCount) signals but describes \(lines.count - 1)")
        }
        signals = try lines[1...signalCount].enumerated().map { index, line in
            try Self.parseSignal(line, index: index)
        }
    }

    /// Parses `file format[xN][:skew][+offset] [gain[(baseline)][/units] [resolution [zero [initial [checksum
    /// [blocksize [description]]]]]]]`.
    private static func parseSignal(_ line: String, index: Int) throws -> Signal {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 2 else {
            throw ECGAnalysisError.invalidInput("WFDB signal line \(index + 1) needs a file name and a format")
        }
        let fileName = fields[0]
        guard !fileName.contains("/"), !fileName.contains("\\"), fileName != "..", fileName != "-" else {
            throw ECGAnalysisError.invalidInput("WFDB signal \(index + 1) names an unusable data file")
        }
        var formatText = Substring(fields[1])
        var byteOffset = 0
        if let plus = formatText.firstIndex(of: "+") {
            guard let offset = Int(formatText[formatText.index(after: plus)...]), offset >= 0, offset <= 1 << 40 else {
                throw ECGAnalysisError.invalidInput("WFDB signal \(index + 1) has a bad byte offset")
            }
            byteOffset = offset
            formatText = formatText[..<plus]
        }
        if let colon = formatText.firstIndex(of: ":") { formatText = formatText[..<colon] }  // skew: ignored
        if let times = formatText.firstIndex(of: "x") {
            guard formatText[formatText.index(after: times)...] == "1" else {
                throw ECGAnalysisError.unsupportedFormat("WFDB signals with several samples per frame are not supported")
            }
            formatText = formatText[..<times]
        }
        guard let format = Int(formatText) else {
            throw ECGAnalysisError.invalidInput("WFDB signal \(index + 1) has a bad format '\(fields[1])'")
        }

        var gain = wfdbDefaultGain
        var baseline: Int?
        var units = "mV"
        if fields.count >= 3 {
            var gainText = Substring(fields[2])
            if let slash = gainText.firstIndex(of: "/") {
                units = String(gainText[gainText.index(after: slash)...])
                gainText = gainText[..<slash]
            }
            if let open = gainText.firstIndex(of: "("), gainText.last == ")" {
                let inner = gainText[gainText.index(after: open)..<gainText.index(before: gainText.endIndex)]
                guard let value = Int(inner) else {
                    throw ECGAnalysisError.invalidInput("WFDB signal \(index + 1) has a bad baseline")
                }
                baseline = value
                gainText = gainText[..<open]
            }
            guard let value = Double(gainText), value.isFinite, value >= 0 else {
                throw ECGAnalysisError.invalidInput("WFDB signal \(index + 1) has a bad gain '\(fields[2])'")
            }
            if value > 0 { gain = value }
        }
        var adcZero = 0
        if fields.count >= 5 {
            guard let value = Int(fields[4]) else {
                throw ECGAnalysisError.invalidInput("WFDB signal \(index + 1) has a bad ADC zero '\(fields[4])'")
            }
            adcZero = value
        }
        let description = fields.count >= 9 ? fields[8...].joined(separator: " ") : "signal \(index + 1)"
        return Signal(
            fileName: fileName, format: format, byteOffset: byteOffset, gain: gain,
            baseline: baseline ?? adcZero, units: units, description: description)
    }
}
