/// The ink level that separates trace pixels from grid, text halo and paper.
///
/// Otsu's threshold (maximum between-class variance) over the histogram of `InkSeparation.ink` values at or above
/// `floor`: paper and most coloured grid lines fall below the floor, so the two classes left are the grid's darker
/// lines (grey grids) with anti-aliased edges, and the trace. Never below `minimum`.
enum InkThreshold {
    static let floor = 30
    static let minimum: UInt8 = 60

    /// nil when no pixel is dark enough to be ink (a blank page).
    static func level(_ ink: GrayPlane) -> UInt8? {
        var histogram = [Int](repeating: 0, count: 256)
        ink.pixels.withUnsafeBufferPointer { px in for v in px { histogram[Int(v)] &+= 1 } }
        let values = floor...255
        let total = values.reduce(0) { $0 + histogram[$1] }
        guard total > 0 else { return nil }
        let sum = values.reduce(0.0) { $0 + Double($1 * histogram[$1]) }
        var weightBelow = 0.0, sumBelow = 0.0, best = (level: floor, score: -1.0)
        for t in values {
            weightBelow += Double(histogram[t])
            sumBelow += Double(t * histogram[t])
            let weightAbove = Double(total) - weightBelow
            guard weightBelow > 0, weightAbove > 0 else { continue }
            let meanBelow = sumBelow / weightBelow, meanAbove = (sum - sumBelow) / weightAbove
            let score = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove)
            if score > best.score { best = (t + 1, score) }
        }
        return max(minimum, UInt8(min(255, best.level)))
    }
}
