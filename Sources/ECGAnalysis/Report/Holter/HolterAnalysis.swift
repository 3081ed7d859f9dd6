import Foundation

/// Builds the ``HolterSummary`` from beat times (seconds), their AAMI classes and the rhythm assessment.
enum HolterAnalysis {
    /// SDANN / SDNN index window, seconds.
    static let hrvWindow = 300.0
    /// Width of the NN histogram bins of the triangular index, seconds.
    static let histogramBin = 1.0 / 128
    /// Fewest NN intervals in a window for its mean and SD to count.
    static let minimumWindowIntervals = 10

    static func summarise(
        times: [Double], classes: [AAMIClass], rhythm: RhythmAssessment, durationS: Double
    ) -> HolterSummary {
        let count = min(times.count, classes.count)
        let runs = self.runs(times: times, classes: classes, count: count)
        let pauses = self.pauses(times: times, count: count)
        return HolterSummary(
            durationS: durationS.rounded(toPlaces: 3), beatCount: count,
            hours: hours(times: times, classes: classes, count: count, durationS: durationS, runs: runs, pauses: pauses),
            episodes: episodes(rhythm: rhythm, runs: runs, pauses: pauses, durationS: durationS),
            hrv: hrv(times: times, classes: classes, count: count))
    }

    static func hours(
        times: [Double], classes: [AAMIClass], count: Int, durationS: Double, runs: [HolterRun], pauses: [HolterPause]
    ) -> [HolterHour] {
        let hourCount = max(1, Int((durationS / 3600).rounded(.up)))
        var rows: [HolterHour] = []
        var beat = 0
        for h in 0..<hourCount {
            let start = Double(h) * 3600, end = min(durationS, Double(h + 1) * 3600)
            let first = beat
            var counts = BeatClassCounts()
            while beat < count, times[beat] < end || h == hourCount - 1 {
                counts.add(classes[beat])
                beat += 1
            }
            // RR intervals ending in the hour: from the beat before the hour's first beat.
            let rate = HeartRateAnalysis.heartRate(beatTimes: Array(times[max(0, first - 1)..<beat]))
            func starts(_ t: Double) -> Bool { t >= start && (t < end || h == hourCount - 1) }
            rows.append(HolterHour(
                hour: h, startS: start, endS: end.rounded(toPlaces: 3),
                meanBPM: first < beat ? rate.meanBPM : nil, minBPM: first < beat ? rate.minBPM : nil,
                maxBPM: first < beat ? rate.maxBPM : nil, beats: counts,
                pauses: pauses.filter { starts($0.offsetS) }.count,
                ventricularRuns: runs.filter { $0.kind == "ventricular" && starts($0.onsetS) }.count,
                supraventricularRuns: runs.filter { $0.kind == "supraventricular" && starts($0.onsetS) }.count))
        }
        return rows
    }

    /// Maximal runs of ≥ `EctopyPatterns.minimumRun` consecutive V or S beats, in time order.
    static func runs(times: [Double], classes: [AAMIClass], count: Int) -> [HolterRun] {
        var runs: [HolterRun] = []
        var i = 0
        while i < count {
            let kind = classes[i]
            var j = i + 1
            while j < count, classes[j] == kind { j += 1 }
            if kind == .ventricular || kind == .supraventricular, j - i >= EctopyPatterns.minimumRun {
                let onset = times[i], offset = times[j - 1]
                let rate = offset > onset ? 60 * Double(j - i - 1) / (offset - onset) : 0
                runs.append(HolterRun(
                    kind: kind == .ventricular ? "ventricular" : "supraventricular", onsetS: onset.rounded(toPlaces: 3),
                    offsetS: offset.rounded(toPlaces: 3), durationS: (offset - onset).rounded(toPlaces: 3),
                    beats: j - i, rateBPM: rate.rounded(toPlaces: 1), tachycardia: rate >= 100))
            }
            i = j
        }
        return runs
    }

    static func pauses(times: [Double], count: Int) -> [HolterPause] {
        guard count > 1 else { return [] }
        return (1..<count).compactMap { i in
            let rr = times[i] - times[i - 1]
            guard rr > EctopyPatterns.pauseThreshold else { return nil }
            return HolterPause(
                onsetS: times[i - 1].rounded(toPlaces: 3), offsetS: times[i].rounded(toPlaces: 3),
                durationS: rr.rounded(toPlaces: 3))
        }
    }

    static func episodes(rhythm: RhythmAssessment, runs: [HolterRun], pauses: [HolterPause], durationS: Double)
        -> HolterEpisodes
    {
        var af: [HolterEpisode] = []
        for episode in rhythm.episodes where episode.code == .atrialFibrillation {
            if let last = af.last, episode.startS <= last.offsetS + 1e-6 {
                af[af.count - 1].offsetS = max(last.offsetS, episode.endS)
                af[af.count - 1].durationS = (af[af.count - 1].offsetS - last.onsetS).rounded(toPlaces: 3)
            } else {
                af.append(HolterEpisode(
                    rhythm: RhythmCode.atrialFibrillation.rawValue, onsetS: episode.startS, offsetS: episode.endS,
                    durationS: (episode.endS - episode.startS).rounded(toPlaces: 3)))
            }
        }
        let afSeconds = af.reduce(0) { $0 + $1.durationS }
        let longest = runs.max { ($0.beats, -$0.onsetS) < ($1.beats, -$1.onsetS) }
        let fastest = runs.max { ($0.rateBPM, -$0.onsetS) < ($1.rateBPM, -$1.onsetS) }
        return HolterEpisodes(
            atrialFibrillation: af,
            afBurdenPct: durationS > 0 ? (afSeconds * 100 / durationS).rounded(toPlaces: 2) : 0,
            ventricularRuns: runs.filter { $0.kind == "ventricular" },
            supraventricularRuns: runs.filter { $0.kind == "supraventricular" },
            pauses: pauses, pauseThresholdS: EctopyPatterns.pauseThreshold, longestRun: longest, fastestRun: fastest)
    }

    /// SDNN, SDANN, SDNN index, RMSSD, pNN50 and the triangular index over every NN interval; an interval belongs to
    /// the 5-minute window of the beat that ends it.
    static func hrv(times: [Double], classes: [AAMIClass], count: Int) -> HolterHRV {
        let beats = (0..<count).map { i in
            var beat = ClassifiedBeat(sample: 0, time: times[i], label: classes[i].rawValue, probability: 1)
            beat.aami = classes[i]
            return beat
        }
        let nn = HeartRateAnalysis.normalToNormal(beats)
        var endTimes: [Double] = []
        endTimes.reserveCapacity(nn.count)
        for i in beats.indices.dropFirst() where beats[i - 1].aami == .normal && beats[i].aami == .normal {
            let rr = beats[i].time - beats[i - 1].time
            if rr >= HeartRateAnalysis.minimumNN, rr <= HeartRateAnalysis.maximumNN { endTimes.append(beats[i].time) }
        }
        let values = nn.map(\.rr)
        func ms(_ seconds: Double?) -> Double? { seconds.map { ($0 * 1000).rounded(toPlaces: 2) } }
        func sd(_ v: [Double]) -> Double? {
            guard v.count >= 2 else { return nil }
            let mean = v.reduce(0, +) / Double(v.count)
            return (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1)).squareRoot()
        }
        var windows: [Int: [Double]] = [:]
        for (rr, end) in zip(values, endTimes) { windows[Int(end / hrvWindow), default: []].append(rr) }
        let usable = windows.keys.sorted().compactMap { windows[$0] }.filter { $0.count >= minimumWindowIntervals }
        let means = usable.map { $0.reduce(0, +) / Double($0.count) }
        let deviations = usable.compactMap(sd)
        var squares = 0.0, over50 = 0, differences = 0
        for i in nn.indices.dropFirst() where nn[i].followsPrevious {
            let d = nn[i].rr - nn[i - 1].rr
            squares += d * d
            if abs(d) > 0.05 { over50 += 1 }
            differences += 1
        }
        var histogram: [Int: Int] = [:]
        for rr in values { histogram[Int(rr / histogramBin), default: 0] += 1 }
        let tallest = histogram.values.max() ?? 0
        let enough = values.count >= HeartRateAnalysis.minimumNNCount
        return HolterHRV(
            nnIntervals: values.count,
            sdnnMs: enough ? ms(sd(values)) : nil,
            sdannMs: ms(sd(means)),
            sdnnIndexMs: deviations.isEmpty ? nil : ms(deviations.reduce(0, +) / Double(deviations.count)),
            rmssdMs: enough && differences > 0 ? ms((squares / Double(differences)).squareRoot()) : nil,
            pnn50Pct: enough && differences > 0 ? (Double(over50) * 100 / Double(differences)).rounded(toPlaces: 2) : nil,
            triangularIndex: enough && tallest > 0 ? (Double(values.count) / Double(tallest)).rounded(toPlaces: 2) : nil,
            windowS: hrvWindow)
    }
}
