/// Turns a trace path (one ink run per column) into one vertical position per column.
///
/// A run covers the rows the pen crossed within that column, widened by the line's thickness `w` (the median run
/// length along the path, i.e. the flat parts). Where the run sticks out above both neighbours it holds a peak, read
/// at `top + w/2`; sticking out below both, a trough at `bottom − w/2`; elsewhere the ink-weighted centre of the run.
/// A neighbour whose run reaches exactly as far counts as sticking out less when its run is strictly longer (it is
/// the stroke leading to the extremum), so a peak whose apex falls on a column boundary is still read as a peak;
/// identical runs (the two columns of a thick vertical edge, e.g. a calibration pulse's) stick out from neither.
/// Taking the centre at a peak would clip every R wave by half its stroke.
enum TraceSampler {
    /// Row position per column (NaN where the path has no run), and the line thickness in pixels.
    static func positions(_ runs: InkRuns, path: [Int32]) -> (rows: [Float], lineWidth: Float) {
        let n = path.count
        var lengths: [Int32] = []
        for k in path where k >= 0 { lengths.append(runs.bottom[Int(k)] - runs.top[Int(k)] + 1) }
        guard !lengths.isEmpty else { return ([Float](repeating: .nan, count: n), 0) }
        lengths.sort()
        let w = Float(lengths[lengths.count / 2])
        var rows = [Float](repeating: .nan, count: n)
        for i in 0..<n {
            let k = Int(path[i])
            guard k >= 0 else { continue }
            let top = Float(runs.top[k]), bottom = Float(runs.bottom[k])
            let length = bottom - top + 1
            var value = runs.centre[k]
            if length > 1.5 * w {
                let left = i > 0 && path[i - 1] >= 0 ? Int(path[i - 1]) : nil
                let right = i + 1 < n && path[i + 1] >= 0 ? Int(path[i + 1]) : nil
                // A neighbour reaching as high (a peak drawn across two columns) leaves the peak to the shorter run:
                // the column that holds the apex, not the stroke up to it.
                func higher(_ j: Int) -> Bool {
                    top < Float(runs.top[j]) || (top == Float(runs.top[j]) && bottom < Float(runs.bottom[j]))
                }
                func lower(_ j: Int) -> Bool {
                    bottom > Float(runs.bottom[j]) || (bottom == Float(runs.bottom[j]) && top > Float(runs.top[j]))
                }
                let topOut = (left.map(higher) ?? true) && (right.map(higher) ?? true)
                let bottomOut = (left.map(lower) ?? true) && (right.map(lower) ?? true)
                if topOut && !bottomOut {
                    value = top + (w - 1) / 2
                } else if bottomOut && !topOut {
                    value = bottom - (w - 1) / 2
                } else {
                    value = (top + bottom) / 2
                }
            }
            rows[i] = value
        }
        return (rows, w)
    }
}
