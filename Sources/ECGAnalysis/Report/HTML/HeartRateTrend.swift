/// Heart rate over the whole recording in fixed bins, for the report's trend plot.
///
/// Bin width: 10 s up to 10 min of recording, 1 min up to 4 h, 5 min beyond (a 24-h recording has 288 bins). Per
/// bin, by the `heart_rate` rule over the beats whose R peak lies in the bin plus the beat before: mean = 60 / mean
/// RR, min / max from the running median of 5 RR intervals. A bin with fewer than two beats has no values.
struct HeartRateTrend: Equatable {
    var binSeconds: Double
    var durationS: Double
    var bins: [HeartRateTrendBin]

    static func binSeconds(durationS: Double) -> Double {
        durationS <= 600 ? 10 : durationS <= 4 * 3600 ? 60 : 300
    }

    /// `times`: every beat's R-peak time, seconds, ascending.
    init(times: [Double], durationS: Double) {
        let width = Self.binSeconds(durationS: durationS)
        binSeconds = width
        self.durationS = durationS
        let count = max(1, Int((durationS / width).rounded(.up)))
        var bins: [HeartRateTrendBin] = []
        bins.reserveCapacity(count)
        var beat = 0
        for b in 0..<count {
            let start = Double(b) * width, end = start + width
            let first = beat
            while beat < times.count, times[beat] < end || b == count - 1 { beat += 1 }
            let slice = Array(times[max(0, first - 1)..<beat])
            if beat > first, slice.count >= 2 {
                let rate = HeartRateAnalysis.heartRate(beatTimes: slice)
                bins.append(HeartRateTrendBin(startS: start, meanBPM: rate.meanBPM, minBPM: rate.minBPM, maxBPM: rate.maxBPM))
            } else {
                bins.append(HeartRateTrendBin(startS: start))
            }
        }
        self.bins = bins
    }
}
