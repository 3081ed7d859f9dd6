/// Repairs gaps (NaN, ±∞) in a lead by holding the previous valid sample.
enum MissingSamples {
    /// Replaces non-finite values by the previous finite one (leading gaps by the first finite value) and returns how
    /// many were replaced. Throws when the lead has no finite value at all.
    @discardableResult
    static func hold(_ values: inout [Double], leadName: String) throws -> Int {
        guard let firstValid = values.firstIndex(where: \.isFinite) else {
            throw ECGAnalysisError.invalidInput("lead '\(leadName)' has no numeric values")
        }
        var previous = values[firstValid]
        var replaced = 0
        for i in values.indices {
            if values[i].isFinite {
                previous = values[i]
            } else {
                values[i] = previous
                replaced += 1
            }
        }
        return replaced
    }
}
