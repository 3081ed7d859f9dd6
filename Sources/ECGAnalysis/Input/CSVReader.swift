import Foundation

/// Reads ECG traces from delimited text as people really have it.
///
/// Sniffs the delimiter (tab, `;`, `,`, whitespace; a decimal comma is accepted with `;`, tab or whitespace),
/// header and unit rows (quoted or not, e.g. MIT-BIH exports `'sample #','MLII','V5'` / `'(mV)'`), a sample-index
/// column (dropped), a time column in seconds, milliseconds or `h:mm:ss.mmm` (gives the sample rate), and the
/// units of each lead: from the header when it says, else from amplitude statistics (mV, µV or ADC counts), with
/// the decision recorded in `warnings`.
enum CSVReader {
    /// Header rows (names, units) allowed before the first data row.
    static let maxHeaderRows = 8
    /// Lines sampled to sniff the delimiter.
    static let sniffLines = 64

    /// Delimiter, column count and decimal mark of a file.
    struct Dialect {
        var delimiter: CSVTokenizer.Delimiter
        var columnCount: Int
        /// `1,5` means 1.5 (only when the delimiter is not a comma).
        var decimalComma: Bool { delimiter != .comma }
    }

    static func read(bytes: [UInt8], options: ECGReadOptions) throws -> ECGRecording {
        let lines = try CSVTokenizer.lines(of: bytes, maxLineBytes: options.maxLineBytes)
        guard !lines.isEmpty else { throw ECGAnalysisError.invalidInput("the CSV file is empty") }
        guard lines.count <= options.maxSamples + maxHeaderRows else {
            throw ECGAnalysisError.invalidInput("the CSV file has more than \(options.maxSamples) rows")
        }
        let (delimiter, columnCount) = sniffDelimiter(lines: lines, bytes: bytes)
        if columnCount > options.maxLeads + 2, lines.count <= options.maxLeads + 1 {
            return try readRows(lines: lines, bytes: bytes, delimiter: delimiter, options: options)
        }
        guard columnCount <= options.maxLeads + 2 else {
            throw ECGAnalysisError.invalidInput("the CSV file has \(columnCount) columns (limit \(options.maxLeads + 2))")
        }
        let dialect = Dialect(delimiter: delimiter, columnCount: columnCount)
        var warnings: [String] = []

        let (headerRows, firstDataLine) = try splitHeader(lines: lines, bytes: bytes, dialect: dialect)
        let names = headerRows.first.map { row in (0..<columnCount).map { $0 < row.count ? row[$0] : "" } }
        // Unit rows shorter than the header describe its last columns (the signals), so they are right-aligned.
        let unitRows = headerRows.dropFirst().map { Array(repeating: "", count: max(0, columnCount - $0.count)) + $0 }
        let columns = try parseColumns(
            lines[firstDataLine...], bytes: bytes, dialect: dialect, options: options, warnings: &warnings)
        let rowCount = columns[0].count

        var roles = (0..<columnCount).map { role(of: columns[$0], name: names?[$0], isFirst: $0 == 0, rowCount: rowCount) }
        if roles.allSatisfy({ $0 != .lead }) {
            // A single monotonic column is a (strange) lead rather than nothing at all.
            roles[columnCount - 1] = .lead
        }
        guard roles.filter({ $0 == .lead }).count <= options.maxLeads else {
            throw ECGAnalysisError.invalidInput("the CSV file has more than \(options.maxLeads) signal columns")
        }
        let (sampleRate, source) = sampleRate(roles: roles, columns: columns, options: options, warnings: &warnings)

        var leads: [ECGLead] = []
        for c in 0..<columnCount where roles[c] == .lead {
            let name = leadName(names?[c], index: leads.count)
            var values = columns[c]
            let replaced = try MissingSamples.hold(&values, leadName: name)
            if replaced > 0 { warnings.append("\(replaced) empty or NaN cells of '\(name)' were replaced by the previous sample") }
            let declared = declaredUnit(name: names?[c], unitCells: unitRows.map { c < $0.count ? $0[c] : "" })
            let (samples, note) = UnitInference.toMillivolts(values, declared: declared, leadName: name)
            if let note { warnings.append(note) }
            leads.append(ECGLead(name: name, samples: samples))
        }
        return ECGRecording(
            leads: leads, sampleRate: sampleRate, sampleRateSource: source, warnings: warnings, sourceFormat: "csv")
    }

    /// Leading rows with a text cell are header rows (names first, then units); empty and NaN cells do not make a
    /// header. Returns them and the index of the first data line.
    static func splitHeader(lines: [Range<Int>], bytes: [UInt8], dialect: Dialect) throws -> ([[String]], Int) {
        var fields: [Range<Int>] = []
        var headerRows: [[String]] = []
        for line in lines.prefix(maxHeaderRows + 1) {
            CSVTokenizer.fields(of: line, in: bytes, delimiter: dialect.delimiter, into: &fields)
            let numeric = fields.filter {
                CSVTokenizer.number($0, in: bytes, decimalComma: dialect.decimalComma) != nil
                    || clockSeconds($0, in: bytes) != nil
            }.count
            let missing = fields.filter { isMissing($0, in: bytes) }.count
            if fields.count == dialect.columnCount, numeric > 0, numeric + missing == dialect.columnCount {
                return (headerRows, headerRows.count)
            }
            headerRows.append(fields.map { String(decoding: bytes[$0], as: UTF8.self) })
        }
        throw ECGAnalysisError.invalidInput(headerRows.count >= lines.count
            ? "the CSV file has no numeric rows"
            : "the CSV file does not start with numeric rows within \(maxHeaderRows) lines")
    }

    /// One Double column per CSV column; clock times are accepted in the first column, empty/NaN cells become NaN.
    /// Rows with another column count are skipped (at most 1 %, with a warning).
    static func parseColumns(
        _ dataLines: ArraySlice<Range<Int>>, bytes: [UInt8], dialect: Dialect, options: ECGReadOptions,
        warnings: inout [String]
    ) throws -> [[Double]] {
        let columnCount = dialect.columnCount
        var columns = [[Double]](repeating: [], count: columnCount)
        for c in 0..<columnCount { columns[c].reserveCapacity(dataLines.count) }
        var fields: [Range<Int>] = []
        var skippedRows = 0
        for (offset, line) in dataLines.enumerated() {
            CSVTokenizer.fields(of: line, in: bytes, delimiter: dialect.delimiter, into: &fields)
            if fields.count != columnCount {
                // A trailing delimiter gives one empty extra field; anything else is a malformed row.
                guard fields.count == columnCount + 1, fields[columnCount].isEmpty else {
                    skippedRows += 1
                    continue
                }
                fields.removeLast()
            }
            for (c, field) in fields.enumerated() {
                if let value = CSVTokenizer.number(field, in: bytes, decimalComma: dialect.decimalComma) {
                    columns[c].append(value)
                } else if c == 0, let seconds = clockSeconds(field, in: bytes) {
                    columns[c].append(seconds)
                } else if isMissing(field, in: bytes) {
                    columns[c].append(.nan)
                } else {
                    let text = String(decoding: bytes[field].prefix(40), as: UTF8.self)
                    let row = dataLines.startIndex + offset + 1
                    throw ECGAnalysisError.invalidInput("CSV row \(row), column \(c + 1): '\(text)' is not a number")
                }
            }
        }
        guard !columns[0].isEmpty else { throw ECGAnalysisError.invalidInput("the CSV file has no complete numeric rows") }
        if skippedRows > 0 {
            guard skippedRows * 100 <= dataLines.count else {
                throw ECGAnalysisError.invalidInput("\(skippedRows) CSV rows do not have the \(columnCount) columns of the others")
            }
            warnings.append("skipped \(skippedRows) CSV rows that do not have \(columnCount) columns")
        }
        guard columns[0].count <= options.maxSamples else {
            throw ECGAnalysisError.invalidInput("the CSV file has more than \(options.maxSamples) samples")
        }
        return columns
    }

    /// The rate from a time column, else the caller's, else the default (with a warning).
    static func sampleRate(
        roles: [ColumnRole], columns: [[Double]], options: ECGReadOptions, warnings: inout [String]
    ) -> (Double, SampleRateSource) {
        for (c, role) in roles.enumerated() {
            guard case .time(let scale) = role else { continue }
            guard let rate = timeColumnRate(columns[c], secondsPerUnit: scale, warnings: &warnings) else { break }
            if let given = options.sampleRate, abs(given - rate) > 0.01 * rate {
                warnings.append(String(format: "the time column gives %.6g Hz; the requested %.6g Hz was ignored", rate, given))
            }
            return (rate, .timeColumn)
        }
        if let given = options.sampleRate { return (given, .parameter) }
        warnings.append("no sample rate in the file; assumed \(Int(ECGReadOptions.defaultSampleRate)) Hz")
        return (ECGReadOptions.defaultSampleRate, .assumedDefault)
    }

    /// Traces stored one lead per row (`MLII,0.12,0.15,…` or bare values), as some exports and ML datasets do.
    static func readRows(
        lines: [Range<Int>], bytes: [UInt8], delimiter: CSVTokenizer.Delimiter, options: ECGReadOptions
    ) throws -> ECGRecording {
        var warnings = ["the CSV file holds one lead per row"]
        var fields: [Range<Int>] = []
        var leads: [ECGLead] = []
        let decimalComma = delimiter != .comma
        for (row, line) in lines.enumerated() {
            CSVTokenizer.fields(of: line, in: bytes, delimiter: delimiter, into: &fields)
            var cells = fields[...]
            var name = "lead \(row + 1)"
            if let first = cells.first, CSVTokenizer.number(first, in: bytes, decimalComma: decimalComma) == nil,
               !isMissing(first, in: bytes) {
                name = leadName(String(decoding: bytes[first], as: UTF8.self), index: row)
                cells = cells.dropFirst()
            }
            guard cells.count <= options.maxSamples else {
                throw ECGAnalysisError.invalidInput("CSV row \(row + 1) has more than \(options.maxSamples) samples")
            }
            var values = [Double]()
            values.reserveCapacity(cells.count)
            for (column, cell) in cells.enumerated() {
                if let value = CSVTokenizer.number(cell, in: bytes, decimalComma: decimalComma) {
                    values.append(value)
                } else if isMissing(cell, in: bytes) {
                    values.append(.nan)
                } else {
                    let text = String(decoding: bytes[cell].prefix(40), as: UTF8.self)
                    throw ECGAnalysisError.invalidInput("CSV row \(row + 1), value \(column + 1): '\(text)' is not a number")
                }
            }
            // A trailing delimiter leaves one empty cell at the end.
            if values.last?.isNaN == true, cells.last?.isEmpty == true { values.removeLast() }
            let replaced = try MissingSamples.hold(&values, leadName: name)
            if replaced > 0 { warnings.append("\(replaced) empty or NaN cells of \(name) were replaced by the previous sample") }
            let (samples, note) = UnitInference.toMillivolts(values, declared: UnitInference.Unit(label: name), leadName: name)
            if let note { warnings.append(note) }
            leads.append(ECGLead(name: name, samples: samples))
        }
        let length = leads.map(\.samples.count).min() ?? 0
        if leads.contains(where: { $0.samples.count != length }) {
            warnings.append("CSV rows differ in length; all leads were cut to the shortest (\(length) samples)")
            leads = leads.map { ECGLead(name: $0.name, samples: Array($0.samples.prefix(length))) }
        }
        let sampleRate = options.sampleRate ?? ECGReadOptions.defaultSampleRate
        if options.sampleRate == nil {
            warnings.append("no sample rate in the file; assumed \(Int(ECGReadOptions.defaultSampleRate)) Hz")
        }
        return ECGRecording(
            leads: leads, sampleRate: sampleRate, sampleRateSource: options.sampleRate == nil ? .assumedDefault : .parameter,
            warnings: warnings, sourceFormat: "csv")
    }

    // MARK: - Sniffing

    /// The delimiter giving the most consistent multi-column split of the first lines (tab, `;`, `,`, then
    /// whitespace), with its column count; a single column otherwise.
    static func sniffDelimiter(lines: [Range<Int>], bytes: [UInt8]) -> (CSVTokenizer.Delimiter, Int) {
        let sample = Array(lines.prefix(sniffLines))
        var fields: [Range<Int>] = []
        for delimiter in [CSVTokenizer.Delimiter.tab, .semicolon, .comma, .whitespace] {
            var counts: [Int: Int] = [:]
            for line in sample {
                CSVTokenizer.fields(of: line, in: bytes, delimiter: delimiter, into: &fields)
                counts[fields.count, default: 0] += 1
            }
            guard let (mode, frequency) = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) else { continue }
            if mode >= 2, frequency * 10 >= sample.count * 9 - 10 { return (delimiter, mode) }
        }
        return (.comma, 1)
    }

    // MARK: - Column roles

    enum ColumnRole: Equatable {
        case lead
        /// Sample numbers: dropped.
        case index
        /// Time stamps; the associated value converts the column's unit to seconds.
        case time(secondsPerUnit: Double?)
    }

    static func role(of values: [Double], name: String?, isFirst: Bool, rowCount: Int) -> ColumnRole {
        let lowered = (name ?? "").lowercased().trimmingCharacters(in: .whitespaces)
        let indexNames: Set<String> = ["sample", "sample #", "sample#", "samples", "index", "idx", "n", "#", "sample no", "sample number"]
        if indexNames.contains(lowered) { return .index }
        if lowered.contains("time") || lowered.contains("elapsed") || lowered == "t" || lowered.hasPrefix("t (")
            || lowered.hasPrefix("t [") || lowered == "sec" || lowered == "seconds" || lowered == "s" || lowered == "ms" {
            if lowered.contains("ms") || lowered.contains("msec") || lowered.contains("milli") {
                return .time(secondsPerUnit: 0.001)
            }
            if lowered.contains("(s)") || lowered.contains("[s]") || lowered.contains("sec") || lowered == "s" {
                return .time(secondsPerUnit: 1)
            }
            return .time(secondsPerUnit: nil)
        }
        // An unnamed first column that rises strictly all the way is a sample index or a time axis.
        guard isFirst, name == nil || lowered.isEmpty, rowCount >= 8, isStrictlyIncreasing(values) else { return .lead }
        let integerSteps = zip(values, values.dropFirst()).prefix(1000).allSatisfy { $1 - $0 == 1 && $0 == $0.rounded() }
        return integerSteps ? .index : .time(secondsPerUnit: nil)
    }

    static func isStrictlyIncreasing(_ values: [Double]) -> Bool {
        var previous = -Double.infinity
        for value in values {
            guard value > previous else { return false }
            previous = value
        }
        return true
    }

    /// Sample rate from a time column, Hz; the unit is inferred from the step when the name does not state it.
    static func timeColumnRate(_ times: [Double], secondsPerUnit: Double?, warnings: inout [String]) -> Double? {
        guard times.count >= 2, let first = times.first(where: \.isFinite), let last = times.last(where: \.isFinite),
              last > first else {
            warnings.append("the time column does not increase; ignored it")
            return nil
        }
        let step = (last - first) / Double(times.count - 1)
        let plausible = ECGReadOptions.plausibleSampleRates
        var scale = secondsPerUnit
        if scale == nil {
            if plausible.contains(1 / step), 1 / step >= 20 { scale = 1 }
            else if plausible.contains(1000 / step) { scale = 0.001 }
        }
        guard let scale, plausible.contains(1 / (step * scale)) else {
            warnings.append("the time column step (\(step)) gives no plausible sample rate; ignored it")
            return nil
        }
        // Irregular sampling: steps that stray from the mean by more than half a step.
        var irregular = 0
        for (a, b) in zip(times, times.dropFirst()) where abs((b - a) - step) > 0.5 * step { irregular += 1 }
        if irregular * 100 > times.count {
            warnings.append("the time column is irregular (\(irregular) uneven steps); used its mean rate")
        }
        var rate = 1 / (step * scale)
        if abs(rate - rate.rounded()) <= 0.002 * rate { rate = rate.rounded() }
        return rate
    }

    // MARK: - Cells

    /// `h:mm:ss.mmm` or `m:ss.mmm` (PhysioNet exports) in seconds.
    static func clockSeconds(_ range: Range<Int>, in bytes: [UInt8]) -> Double? {
        guard bytes[range].contains(UInt8(ascii: ":")) else { return nil }
        var total = 0.0
        var parts = 0
        var partStart = range.lowerBound
        for i in range.lowerBound...range.upperBound where i == range.upperBound || bytes[i] == UInt8(ascii: ":") {
            guard let value = CSVTokenizer.number(partStart..<i, in: bytes, decimalComma: false), value >= 0 else {
                return nil
            }
            total = total * 60 + value
            parts += 1
            partStart = i + 1
        }
        return parts <= 3 ? total : nil
    }

    static func isMissing(_ range: Range<Int>, in bytes: [UInt8]) -> Bool {
        if range.isEmpty { return true }
        let text = String(decoding: bytes[range], as: UTF8.self).lowercased()
        return text == "nan" || text == "na" || text == "-" || text == "null" || text == "none"
    }

    static func leadName(_ header: String?, index: Int) -> String {
        var name = (header ?? "").trimmingCharacters(in: .whitespaces)
        // "MLII (mV)" → "MLII".
        if let open = name.firstIndex(where: { $0 == "(" || $0 == "[" }), open != name.startIndex {
            name = String(name[..<open]).trimmingCharacters(in: .whitespaces)
        }
        return name.isEmpty ? "lead \(index + 1)" : name
    }

    /// Units stated by a units row (`(mV)`, `uV`, …) or inside the column name (`MLII (mV)`, `V5_uV`).
    static func declaredUnit(name: String?, unitCells: [String]) -> UnitInference.Unit? {
        for cell in unitCells + [name ?? ""] {
            if let unit = UnitInference.Unit(label: cell) { return unit }
        }
        return nil
    }
}
