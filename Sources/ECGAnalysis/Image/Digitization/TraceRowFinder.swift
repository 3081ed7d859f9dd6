/// Finds the rows of the page along which traces run: the peaks of the count of ink pixels per image row.
///
/// A trace spends most of its time near its baseline, so each printed row of leads gives a peak in the row
/// profile of the deskewed ink mask (smoothed over 1.5 mm). Peaks at least 15 % of the highest and at least
/// `minimumSpacingMm` apart are kept, the highest first.
struct TraceRowFinder {
    /// 12 rows on a letter page are about 16 mm apart.
    var minimumSpacingMm = 8.0
    var relativeHeight: Float = 0.15

    /// Baseline rows, top to bottom.
    func baselines(_ ink: GrayPlane, threshold: UInt8, pixelsPerMillimetre: Double) -> [Int] {
        var counts = [Float](repeating: 0, count: ink.height)
        ink.pixels.withUnsafeBufferPointer { px in
            for y in 0..<ink.height {
                var n = 0
                let row = y * ink.width
                for x in 0..<ink.width where px[row + x] >= threshold { n += 1 }
                // A pixel row inked over most of the width is a grid line or a border, not a trace.
                counts[y] = n > ink.width * 6 / 10 ? 0 : Float(n)
            }
        }
        let half = max(1, Int(0.75 * pixelsPerMillimetre))
        var prefix = [Float](repeating: 0, count: counts.count + 1)
        for i in counts.indices { prefix[i + 1] = prefix[i] + counts[i] }
        let smooth = counts.indices.map { i -> Float in
            let lo = max(0, i - half), hi = min(counts.count, i + half + 1)
            return (prefix[hi] - prefix[lo]) / Float(hi - lo)
        }
        guard let top = smooth.max(), top > 0 else { return [] }
        var candidates: [Int] = []
        let floor = relativeHeight * top
        for y in 1..<max(1, smooth.count - 1) {
            let v = smooth[y]
            if v >= floor, v > smooth[y - 1], v >= smooth[y + 1] { candidates.append(y) }
        }
        candidates.sort { smooth[$0] > smooth[$1] }
        let spacing = Int(minimumSpacingMm * pixelsPerMillimetre)
        var chosen: [Int] = []
        for y in candidates where chosen.allSatisfy({ abs($0 - y) >= spacing }) { chosen.append(y) }
        return chosen.sorted()
    }
}
