/// The sample-wise median of equal-length snippets (a template beat, a template P wave).
enum SampleWiseMedian {
    /// `template[k]` = element `n / 2` of the sorted `rows[0][k]…rows[n−1][k]` (the upper median for an even n).
    /// Every row must have `rows[0].count` samples; empty for no rows.
    static func of(_ rows: [[Float]]) -> [Float] {
        guard let length = rows.first?.count else { return [] }
        var template = [Float](repeating: 0, count: length)
        var column = [Float](repeating: 0, count: rows.count)
        for k in 0..<length {
            for (j, row) in rows.enumerated() { column[j] = row[k] }
            column.sort()
            template[k] = column[column.count / 2]
        }
        return template
    }
}
