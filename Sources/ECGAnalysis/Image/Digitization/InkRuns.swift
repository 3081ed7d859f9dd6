/// Vertical runs of ink, column by column, inside one horizontal band of the deskewed page.
///
/// A run is a maximal stretch of rows `top...bottom` whose ink value is at or above `low` and that holds at least
/// one pixel at or above `threshold` (hysteresis: with `low` below `threshold`, the faint, anti-aliased steep strokes
/// of a QRS complex stay joined to the dark parts of the trace; `InkThreshold.hysteresisLevel` keeps `low` above
/// the grid's lines). Stored flat
/// (compressed rows): the runs of column `x` are `first[x] ..< first[x + 1]`, ordered top to bottom. Each run also
/// keeps the ink-weighted centre of its rows and one row of halo either side (sub-pixel position of a thin line).
struct InkRuns {
    let x0: Int
    let columns: Int
    var first: [Int32]
    var top: [Int32] = []
    var bottom: [Int32] = []
    var centre: [Float] = []

    /// Runs longer than `maxLength` (vertical grid lines, page borders) are dropped; a column keeps at most
    /// `maxPerColumn` runs (the ones nearest `preferredRow`).
    init(_ ink: GrayPlane, threshold: UInt8, low: UInt8, rows: ClosedRange<Int>, columns range: Range<Int>,
         maxLength: Int, maxPerColumn: Int = 24, preferredRow: Int) {
        x0 = range.lowerBound
        columns = range.count
        first = [Int32](repeating: 0, count: range.count + 1)
        let w = ink.width
        var pending: [(Int32, Int32, Float)] = []
        ink.pixels.withUnsafeBufferPointer { px in
            for (i, x) in range.enumerated() {
                pending.removeAll(keepingCapacity: true)
                var y = rows.lowerBound
                while y <= rows.upperBound {
                    guard px[y * w + x] >= low else { y += 1; continue }
                    let start = y
                    var peak: UInt8 = 0
                    while y <= rows.upperBound, px[y * w + x] >= low { peak = max(peak, px[y * w + x]); y += 1 }
                    let end = y - 1
                    guard peak >= threshold, end - start + 1 <= maxLength else { continue }
                    var weight: Float = 0, moment: Float = 0
                    for r in max(0, start - 1)...min(ink.height - 1, end + 1) {
                        let v = Float(px[r * w + x])
                        weight += v
                        moment += v * Float(r)
                    }
                    pending.append((Int32(start), Int32(end), weight > 0 ? moment / weight : Float(start + end) / 2))
                }
                if pending.count > maxPerColumn {
                    pending.sort { abs(Int($0.2) - preferredRow) < abs(Int($1.2) - preferredRow) }
                    pending.removeLast(pending.count - maxPerColumn)
                    pending.sort { $0.0 < $1.0 }
                }
                for run in pending {
                    top.append(run.0)
                    bottom.append(run.1)
                    centre.append(run.2)
                }
                first[i + 1] = Int32(top.count)
            }
        }
    }

    func runs(column i: Int) -> Range<Int> { Int(first[i])..<Int(first[i + 1]) }

    /// Mean number of runs per column: about 1 along a trace, many in noise or photographs.
    var meanRunsPerColumn: Double { columns == 0 ? 0 : Double(top.count) / Double(columns) }
}
