/// Heart rate over the recording, from the R-peak times of all detected beats.
public struct HeartRateSummary: Sendable, Encodable, Equatable {
    /// 60 / mean RR, beats per minute; nil with fewer than two beats.
    @ExplicitNull public var meanBPM: Double? = nil
    /// Extremes of the running median of 5 consecutive RR intervals, beats per minute.
    @ExplicitNull public var minBPM: Double? = nil
    @ExplicitNull public var maxBPM: Double? = nil
    /// Every RR interval in order, milliseconds.
    public var rrMs: [Double]
    public var rule: String
}

/// Time-domain heart-rate variability on normal-to-normal (NN) intervals.
public struct HRVSummary: Sendable, Encodable, Equatable {
    /// Standard deviation of NN intervals, ms.
    public var sdnn: MeasuredValue
    /// Root mean square of successive NN differences, ms.
    public var rmssd: MeasuredValue
    /// Share of successive NN differences above 50 ms, percent.
    public var pnn50: MeasuredValue
    /// Number of NN intervals used.
    public var nnIntervals: Int

    enum CodingKeys: String, CodingKey {
        case sdnn = "sdnn_ms", rmssd = "rmssd_ms", pnn50 = "pnn50_pct", nnIntervals = "nn_intervals"
    }
}

/// Heart rate and HRV arithmetic over beat sequences.
enum HeartRateAnalysis {
    /// RR intervals shorter than this are treated as detection artefacts in NN selection, seconds.
    static let minimumNN = 0.3
    /// RR intervals longer than this are treated as pauses or missed beats in NN selection, seconds.
    static let maximumNN = 2.0
    /// Fewest NN intervals for which HRV is reported.
    static let minimumNNCount = 10

    static func heartRate(beatTimes: [Double]) -> HeartRateSummary {
        let rule = "mean: 60 / mean RR over all beats; min/max: extremes of the running median of 5 consecutive RR intervals"
        let rr = intervals(beatTimes)
        guard !rr.isEmpty else {
            return HeartRateSummary(meanBPM: nil, minBPM: nil, maxBPM: nil, rrMs: [], rule: rule)
        }
        let meanRR = rr.reduce(0, +) / Double(rr.count)
        let window = min(5, rr.count)
        var smoothed: [Double] = []
        smoothed.reserveCapacity(rr.count - window + 1)
        for start in 0...(rr.count - window) {
            smoothed.append(median(rr[start..<(start + window)]))
        }
        let shortest = smoothed.min() ?? meanRR
        let longest = smoothed.max() ?? meanRR
        return HeartRateSummary(
            meanBPM: (60 / meanRR).rounded(toPlaces: 1),
            minBPM: (60 / longest).rounded(toPlaces: 1),
            maxBPM: (60 / shortest).rounded(toPlaces: 1),
            rrMs: rr.map { ($0 * 1000).rounded(toPlaces: 1) },
            rule: rule)
    }

    /// NN intervals: RR intervals whose both beats are AAMI normal and that lie within 0.3…2.0 s.
    /// Returns each interval with whether it directly follows the previous NN interval (for successive differences).
    static func normalToNormal(_ beats: [ClassifiedBeat]) -> [(rr: Double, followsPrevious: Bool)] {
        var result: [(rr: Double, followsPrevious: Bool)] = []
        var previousIndex = -2
        for i in beats.indices.dropFirst() where beats[i - 1].aami == .normal && beats[i].aami == .normal {
            let rr = beats[i].time - beats[i - 1].time
            guard rr >= minimumNN, rr <= maximumNN else { continue }
            result.append((rr, previousIndex == i - 1))
            previousIndex = i
        }
        return result
    }

    static func hrv(_ beats: [ClassifiedBeat]) -> HRVSummary {
        let nn = normalToNormal(beats)
        let rules = (
            sdnn: "standard deviation (n-1) of NN intervals; NN = RR between two normal beats, 0.3-2.0 s",
            rmssd: "root mean square of differences between adjacent NN intervals",
            pnn50: "percentage of adjacent NN differences greater than 50 ms")
        guard nn.count >= minimumNNCount else {
            let reason = "fewer than \(minimumNNCount) normal-to-normal intervals (\(nn.count))"
            return HRVSummary(
                sdnn: .unmeasured(unit: "ms", rule: rules.sdnn, reason: reason),
                rmssd: .unmeasured(unit: "ms", rule: rules.rmssd, reason: reason),
                pnn50: .unmeasured(unit: "%", rule: rules.pnn50, reason: reason),
                nnIntervals: nn.count)
        }
        let values = nn.map(\.rr)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        var squares = 0.0
        var over50 = 0
        var differences = 0
        for i in nn.indices.dropFirst() where nn[i].followsPrevious {
            let difference = nn[i].rr - nn[i - 1].rr
            squares += difference * difference
            if abs(difference) > 0.05 { over50 += 1 }
            differences += 1
        }
        let sdnn = MeasuredValue.measured(variance.squareRoot() * 1000, unit: "ms", rule: rules.sdnn)
        guard differences > 0 else {
            let reason = "no two adjacent normal-to-normal intervals"
            return HRVSummary(
                sdnn: sdnn, rmssd: .unmeasured(unit: "ms", rule: rules.rmssd, reason: reason),
                pnn50: .unmeasured(unit: "%", rule: rules.pnn50, reason: reason), nnIntervals: nn.count)
        }
        return HRVSummary(
            sdnn: sdnn,
            rmssd: .measured((squares / Double(differences)).squareRoot() * 1000, unit: "ms", rule: rules.rmssd),
            pnn50: .measured(Double(over50) * 100 / Double(differences), unit: "%", rule: rules.pnn50),
            nnIntervals: nn.count)
    }

    /// Successive differences of `times`.
    static func intervals(_ times: [Double]) -> [Double] {
        guard times.count > 1 else { return [] }
        return (1..<times.count).map { times[$0] - times[$0 - 1] }
    }

    static func median<C: Collection>(_ values: C) -> Double where C.Element == Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
