/// The R-peak detector's decision rules (``RPeakDetector``, steps 3–5) over a stream of candidates: adaptive
/// threshold `noise + 0.3125 · (qrs − noise)` from the medians of the last 8 QRS and noise heights, the T-wave test,
/// and search-back over the candidates since the last accepted or searched one. After
/// ``RPeakDetector/relearnSeconds`` without a QRS the levels are learnt again from the candidates of that stretch.
///
/// A candidate is decided from the candidates before it and itself only, so feeding them one at a time gives the
/// decisions of one pass over the whole list. Candidates older than the search-back start are dropped, so the kept
/// list is bounded by one search-back gap.
struct RPeakDecisions {
    let stage: RPeakDetector
    var qrsLevels = RunningMedian(capacity: RPeakDetector.historyLength)
    var noiseLevels = RunningMedian(capacity: RPeakDetector.historyLength)
    private var rrIntervals = RunningMedian(capacity: RPeakDetector.historyLength)
    private var slopeLevels = RunningMedian(capacity: RPeakDetector.historyLength)
    private var lastBeat: Int?
    private var lastBeatSlope: Float = 0
    /// Candidates from global position `base` on.
    private var candidates: [RPeakCandidate] = []
    private var base = 0
    /// Global positions: the next candidate to decide, and where the next search-back starts.
    private var position = 0
    private var lastSearchedIndex = 0
    /// Heights of the candidates decided since the last accepted beat or re-learning, and where that stretch began
    /// (working-rate index).
    private var stretchHeights: [Float] = []
    private var stretchStart = 0

    init(stage: RPeakDetector) { self.stage = stage }

    private func threshold() -> Float {
        let noise = noiseLevels.median, qrs = qrsLevels.median
        return noise + RPeakDetector.thresholdCoefficient * max(qrs - noise, 0)
    }

    /// True when `c` (a candidate after the refractory period) looks like a T wave of the last beat.
    private func isTWave(_ c: RPeakCandidate) -> Bool {
        guard let last = lastBeat, c.index - last < stage.samplesFor(RPeakDetector.tWaveWindow) else { return false }
        return c.slope < 0.5 * lastBeatSlope
    }

    private mutating func accept(_ c: RPeakCandidate) {
        if let last = lastBeat { rrIntervals.append(Float(c.index - last)) }
        lastBeat = c.index
        lastBeatSlope = c.slope
        slopeLevels.append(c.slope)
        qrsLevels.append(c.height)
        stretchHeights.removeAll(keepingCapacity: true)
        stretchStart = c.index
    }

    /// Learns the levels again from the stretch's candidates when it has lasted `relearnSeconds` without a QRS.
    private mutating func relearnIfLong(at index: Int) {
        guard index - stretchStart > stage.samplesFor(RPeakDetector.relearnSeconds),
              stretchHeights.count >= RPeakDetector.historyLength else { return }
        qrsLevels = RunningMedian(capacity: RPeakDetector.historyLength)
        for height in stretchHeights.sorted(by: >).prefix(RPeakDetector.historyLength) { qrsLevels.append(height) }
        noiseLevels = RunningMedian(capacity: RPeakDetector.historyLength)
        noiseLevels.append(0)
        stretchHeights.removeAll(keepingCapacity: true)
        stretchStart = index
    }

    /// Adds the next candidate and returns the beats accepted by deciding it (a search-back may recover beats
    /// before it), in order.
    mutating func push(_ candidate: RPeakCandidate) -> [RPeakCandidate] {
        candidates.append(candidate)
        let refractory = stage.samplesFor(RPeakDetector.refractoryPeriod)
        var accepted: [RPeakCandidate] = []
        while position < base + candidates.count {
            let current = candidates[position - base]
            let index = current.index
            // Search back for a missed beat when the gap since the last QRS has grown too long.
            if let last = lastBeat, rrIntervals.count >= 1 {
                let limit = Int(RPeakDetector.searchBackFactor * Double(rrIntervals.median))
                if index - last > limit, lastSearchedIndex < position {
                    let gapThreshold = 0.5 * threshold()
                    var best: Int?
                    for scan in lastSearchedIndex..<position {
                        let c = candidates[scan - base]
                        if c.index - last >= refractory, index - c.index >= refractory, c.height >= gapThreshold,
                           !isTWave(c), c.slope >= RPeakDetector.searchBackSlopeFraction * slopeLevels.median,
                           best.map({ c.height > candidates[$0 - base].height }) ?? true {
                            best = scan
                        }
                    }
                    lastSearchedIndex = position
                    if let best {
                        accept(candidates[best - base])
                        accepted.append(candidates[best - base])
                        // Look again from the recovered beat: the rest of the gap may hide another one.
                        lastSearchedIndex = best + 1
                        continue
                    }
                }
            }
            position += 1
            if let last = lastBeat, index - last < refractory { continue }
            relearnIfLong(at: index)
            if current.height >= threshold(), !isTWave(current) {
                accept(current)
                accepted.append(current)
                lastSearchedIndex = position
            } else {
                noiseLevels.append(current.height)
                stretchHeights.append(current.height)
            }
        }
        // Candidates before the next search-back start are never read again.
        let keepFrom = min(lastSearchedIndex, position)
        if keepFrom - base > 256 {
            candidates.removeFirst(keepFrom - base)
            base = keepFrom
        }
        return accepted
    }
}
