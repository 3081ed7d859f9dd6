import Testing
@testable import ECGAnalysis

/// Checks shared by the range-by-range sources' tests.
enum RecordingSourceChecks {
    /// Every range between two of `cuts` (sample indices, clipped to the recording) of every lead of `source` equals
    /// the whole-file reader's samples, also after `release(before:)` half-way.
    static func expectEveryRangeMatches(_ source: RecordingSource, _ whole: ECGRecording, cuts: [Int]) throws {
        let n = whole.sampleCount
        let cuts = cuts.filter { $0 >= 0 && $0 <= n }
        for (l, lead) in whole.leads.enumerated() {
            for a in cuts {
                for b in cuts where b >= a {
                    #expect(try source.samples(lead: l, range: a..<b) == Array(lead.samples[a..<b]), "lead \(l) \(a)..<\(b)")
                }
            }
            source.release(before: n / 2)
            #expect(try source.samples(lead: l, range: 0..<n) == lead.samples)
        }
    }
}
