import ArgumentParser
import Foundation

/// The columns of `ptbxl_database.csv` the rhythm evaluation reads.
enum PTBXLDatabase {
    struct Row {
        var ecgID: Int
        var scpCodes: String
        /// `records500/…/NNNNN_hr` (no extension).
        var fileHR: String
    }

    /// Rows of the CSV (quoted fields may hold commas and doubled quotes).
    static func rows(path: String) throws -> [Row] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read '\(path)'")
        }
        let records = parse(text)
        guard let header = records.first, let id = header.firstIndex(of: "ecg_id"), let scp = header.firstIndex(of: "scp_codes"),
              let file = header.firstIndex(of: "filename_hr") else { throw ValidationError("'\(path)' lacks ecg_id, scp_codes or filename_hr") }
        return records.dropFirst().compactMap { r in
            guard r.count > max(id, scp, file), let ecgID = Int(r[id]) else { return nil }
            return Row(ecgID: ecgID, scpCodes: r[scp], fileHR: r[file])
        }
    }

    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character?
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": record.append(field); field = ""
            case "\n", "\r\n":
                record.append(field); field = ""
                if record.count > 1 || !(record.first ?? "").isEmpty { records.append(record) }
                record = []
            case "\r": break
            default: field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}
