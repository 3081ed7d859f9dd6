/// Follows one trace through a band's ink runs with dynamic programming (a Viterbi path), column by column.
///
/// States per column: each ink run, or "off" (no trace in this column). Costs, minimised along the path:
/// - a run: `−reward + distanceWeight · |centre − baseline| / pxPerMm` (ink is rewarded; far from the row's
///   baseline slightly less, which breaks ties in favour of this row's trace over a neighbour's or a label),
/// - run → run: `gapWeight · gap`, where `gap` is the number of empty pixels between the two runs' row ranges
///   (0 when they overlap or touch, so the steep strokes of a QRS complex are free),
/// - run ↔ off: `switchCost`; off → off: 0.
/// A crossing trace from another lead, text or a grid line costs a jump to reach and a jump to leave, so the path
/// stays on the ink that is continuous with the trace it follows.
struct TracePathFinder {
    var reward: Float = 1
    var distanceWeight: Float = 0.02
    var gapWeight: Float = 0.5
    var switchCost: Float = 3

    /// Chosen run index (into `runs`) per column, or -1 where the trace is absent.
    func path(_ runs: InkRuns, baseline: Float, pixelsPerMillimetre: Float) -> [Int32] {
        let n = runs.columns
        guard n > 0 else { return [] }
        let runCount = runs.top.count
        // cost[k] for run k; back[k] = previous run index, or -1 for "off"; offBack[i] = previous state of "off".
        var cost = [Float](repeating: .infinity, count: runCount)
        var back = [Int32](repeating: -1, count: runCount)
        var offCost = [Float](repeating: 0, count: n)
        var offBack = [Int32](repeating: -1, count: n)
        var previousOff: Float = 0
        var previous = 0..<0
        for i in 0..<n {
            let current = runs.runs(column: i)
            // "off" here: stay off, or leave the best run of the previous column.
            var bestOff = previousOff, bestOffFrom: Int32 = -1
            for k in previous where cost[k] + switchCost < bestOff {
                bestOff = cost[k] + switchCost
                bestOffFrom = Int32(k)
            }
            for k in current {
                let emission = -reward + distanceWeight * abs(runs.centre[k] - baseline) / pixelsPerMillimetre
                var best = previousOff + switchCost, from: Int32 = -1
                let top = runs.top[k], bottom = runs.bottom[k]
                for j in previous {
                    let gap = max(0, max(top - runs.bottom[j], runs.top[j] - bottom) - 1)
                    let c = cost[j] + gapWeight * Float(gap)
                    if c < best { best = c; from = Int32(j) }
                }
                cost[k] = best + emission
                back[k] = from
            }
            offCost[i] = bestOff
            offBack[i] = bestOffFrom
            previousOff = bestOff
            previous = current
        }
        // Backtrack from the cheapest final state.
        var result = [Int32](repeating: -1, count: n)
        var state: Int32 = -1
        var best = previousOff
        for k in previous where cost[k] < best { best = cost[k]; state = Int32(k) }
        var i = n - 1
        while i >= 0 {
            result[i] = state
            state = state >= 0 ? back[Int(state)] : offBack[i]
            i -= 1
        }
        return result
    }
}
