/// The R-peak detector (``RPeakDetector``) fed block by block, so a recording of any length is searched in bounded
/// memory and gives the same R peaks as one pass over the whole lead.
///
/// Each call to ``consume(_:offset:core:)`` passes raw samples `x[offset ..< offset + block.count]` that cover a
/// `core` range plus margins on both sides (or the recording's edge). The QRS feature is computed on the whole
/// block; candidates are taken in the core only, so with margins longer than the filters' memory the feature values
/// there are those of the whole-lead pass. Cores must tile the recording in order, start on multiples of the
/// block-averaging factor (``blockAlignment``), and the first core must cover the first 8 s (or the whole lead),
/// where the initial QRS level is measured.
///
/// State carried between blocks (all O(1) in the recording's length apart from the result): the last unmerged
/// candidate, the decision rules' running medians, the candidates since the last search-back, and the refined peaks.
struct RPeakStream {
    let detector: RPeakDetector
    /// Working-rate detector (rates and windows at `sampleRate / factor`).
    let stage: RPeakDetector
    /// Block-averaging factor from the input rate to the working rate.
    let factor: Int
    /// Samples of the whole lead at the input rate.
    let totalSamples: Int
    /// Samples of the whole lead at the working rate.
    let totalWorking: Int

    private var pending: RPeakCandidate?
    private var decisions: RPeakDecisions
    private var initialised = false
    private var nextCore = 0

    /// Refined R apices found so far (indices into the raw lead), ascending.
    private(set) var peaks: [Int] = []
    private var lastSourceHeight: Float = 0

    init(sampleRate: Double, totalSamples: Int) {
        detector = RPeakDetector(sampleRate: sampleRate)
        factor = max(1, Int(sampleRate / RPeakDetector.workingRate))
        stage = RPeakDetector(sampleRate: sampleRate / Double(factor))
        self.totalSamples = totalSamples
        totalWorking = (totalSamples + factor - 1) / factor
        decisions = RPeakDecisions(stage: stage)
    }

    /// Cores must start on multiples of this many samples.
    var blockAlignment: Int { factor }

    /// Samples the first core must reach: the first 8 s at the working rate (or the whole lead).
    var initialSpan: Int { min(totalSamples, 8 * stage.samplesFor(1) * factor) }

    /// Searches `core` (indices into the whole lead) of the block `x` that starts at `offset`.
    mutating func consume(_ x: [Float], offset: Int, core: Range<Int>) {
        precondition(offset % factor == 0 && core.lowerBound % factor == 0, "blocks start on the averaging grid")
        precondition(core.lowerBound == nextCore, "cores tile the lead in order")
        precondition(offset <= core.lowerBound && offset + x.count >= core.upperBound, "the block covers its core")
        nextCore = core.upperBound
        let working = RPeakDetector.blockAverage(x, factor: factor)
        let workOffset = offset / factor
        let enhanced = QRSEnhancer(working, sampleRate: stage.sampleRate)
        let y = enhanced.integrated
        if !initialised {
            initialised = true
            let second = stage.samplesFor(1)
            var start = 0
            let end = min(totalWorking, 8 * second)
            precondition(workOffset == 0 && y.count >= end, "the first block covers the first 8 s")
            while start < end {
                let stop = min(totalWorking, start + second)
                decisions.qrsLevels.append(y[start..<stop].max() ?? 0)
                start = stop
            }
            decisions.noiseLevels.append(0)
        }
        let refractory = stage.samplesFor(RPeakDetector.refractoryPeriod)
        let first = max(1, core.lowerBound / factor)
        let last = min(totalWorking - 1, (core.upperBound + factor - 1) / factor)  // exclusive
        guard first < last else { return }
        y.withUnsafeBufferPointer { y in
            for i in first..<last {
                let l = i - workOffset
                guard y[l] > y[l - 1] && y[l] >= y[l + 1] && y[l] > 0 else { continue }
                if let current = pending, i - current.index < refractory {
                    if y[l] > current.height {
                        pending = candidate(at: i, enhanced: enhanced, workOffset: workOffset, raw: x, rawOffset: offset)
                    }
                } else {
                    if let current = pending { push(current) }
                    pending = candidate(at: i, enhanced: enhanced, workOffset: workOffset, raw: x, rawOffset: offset)
                }
            }
        }
    }

    /// Ends the lead and returns every refined R peak.
    mutating func finish() -> [Int] {
        if let current = pending { push(current) }
        pending = nil
        return peaks
    }

    private mutating func push(_ candidate: RPeakCandidate) {
        for beat in decisions.push(candidate) { merge(beat) }
    }

    /// Two detections of one wide complex (apices closer than the refractory period): keep the one with the larger
    /// integrated slope.
    private mutating func merge(_ beat: RPeakCandidate) {
        let refractory = detector.samplesFor(RPeakDetector.refractoryPeriod)
        if let last = peaks.last, beat.apex - last < refractory {
            if beat.height > lastSourceHeight {
                peaks[peaks.count - 1] = beat.apex
                lastSourceHeight = beat.height
            }
            return
        }
        peaks.append(beat.apex)
        lastSourceHeight = beat.height
    }

    /// The candidate at working-rate index `i` (global): its height, steepest slope within ±75 ms, and its apex on
    /// the raw lead (band-passed extremum ±75 ms, then the largest deviation of the raw lead from its isoelectric
    /// level ±50 ms). Windows are clipped at the recording's edges, as in one pass.
    private func candidate(
        at i: Int, enhanced: QRSEnhancer, workOffset: Int, raw: [Float], rawOffset: Int
    ) -> RPeakCandidate {
        let slopeHalf = stage.samplesFor(0.075)
        var slope: Float = 0
        for g in max(0, i - slopeHalf)...min(totalWorking - 1, i + slopeHalf) {
            slope = max(slope, enhanced.slope[g - workOffset])
        }
        let bandHalf = max(1, Int((0.075 * stage.sampleRate).rounded()))
        var centre = i
        var best: Float = -1
        for g in max(0, i - bandHalf)...min(totalWorking - 1, i + bandHalf) where abs(enhanced.bandpassed[g - workOffset]) > best {
            best = abs(enhanced.bandpassed[g - workOffset])
            centre = g
        }
        let n = totalSamples
        let rawHalf = detector.samplesFor(0.050), baselineOffset = detector.samplesFor(0.080)
        let fullCentre = min(n - 1, centre * factor + factor / 2)
        func r(_ g: Int) -> Float { raw[g - rawOffset] }
        let level = 0.5 * (r(max(0, fullCentre - baselineOffset)) + r(min(n - 1, fullCentre + baselineOffset)))
        var apex = fullCentre
        best = -1
        for g in max(0, fullCentre - rawHalf)...min(n - 1, fullCentre + rawHalf) where abs(r(g) - level) > best {
            best = abs(r(g) - level)
            apex = g
        }
        return RPeakCandidate(index: i, height: enhanced.integrated[i - workOffset], slope: slope, apex: apex)
    }
}
