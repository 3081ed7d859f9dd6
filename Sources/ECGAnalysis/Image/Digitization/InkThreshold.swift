/// The ink level that separates trace pixels from grid, text halo and paper.
///
/// Otsu's threshold (maximum between-class variance) over the histogram of `InkSeparation.ink` values at or above
/// `floor`: paper and most coloured grid lines fall below the floor, so the two classes left are the grid's darker
/// lines (grey grids) with anti-aliased edges, and the trace. Never below `minimum`.
enum InkThreshold {
    static let floor = 30
    static let minimum: UInt8 = 60

    /// Largest fraction of the page the trace can cover; above it, the darker class still holds grid lines.
    static let maxTraceFraction = 0.04

    /// nil when no pixel is dark enough to be ink (a blank page). When more than `maxTraceFraction` of the pixels
    /// are at or above the level (dark grid lines classed with the trace), Otsu is repeated on the darker class.
    static func level(_ ink: GrayPlane) -> UInt8? {
        var histogram = [Int](repeating: 0, count: 256)
        ink.pixels.withUnsafeBufferPointer { px in for v in px { histogram[Int(v)] &+= 1 } }
        guard var level = otsu(histogram, from: floor) else { return nil }
        for _ in 0..<3 {
            let above = histogram[level...].reduce(0, +)
            guard Double(above) > maxTraceFraction * Double(ink.pixels.count), level < 230,
                  let next = otsu(histogram, from: level), next > level else { break }
            level = next
        }
        return max(minimum, UInt8(level))
    }

    /// Otsu's level over `histogram[from...]`: values at or above it form the darker class.
    static func otsu(_ histogram: [Int], from: Int) -> Int? {
        let values = from...255
        let total = values.reduce(0) { $0 + histogram[$1] }
        guard total > 0 else { return nil }
        let sum = values.reduce(0.0) { $0 + Double($1 * histogram[$1]) }
        var weightBelow = 0.0, sumBelow = 0.0, best = (level: from, score: -1.0)
        for t in values {
            weightBelow += Double(histogram[t])
            sumBelow += Double(t * histogram[t])
            let weightAbove = Double(total) - weightBelow
            guard weightBelow > 0, weightAbove > 0 else { continue }
            let meanBelow = sumBelow / weightBelow, meanAbove = (sum - sumBelow) / weightAbove
            let score = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove)
            if score > best.score { best = (min(255, t + 1), score) }
        }
        return best.level
    }

    /// Lower level for hysteresis runs (`InkRuns`): `3/4 · level`, unless more than 1 % of the page lies between
    /// that and `level` — a dark grid's lines — in which case `level` itself (no hysteresis).
    static func hysteresisLevel(_ ink: GrayPlane, level: UInt8) -> UInt8 {
        let low = UInt8(Int(level) * 3 / 4)
        var between = 0
        ink.pixels.withUnsafeBufferPointer { px in for v in px where v >= low && v < level { between &+= 1 } }
        return Double(between) > 0.01 * Double(ink.pixels.count) ? level : low
    }
}
