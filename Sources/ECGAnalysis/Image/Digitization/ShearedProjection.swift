/// Sums of a plane along lines tilted by a small angle: the Radon transform at one angle, computed as a shear.
///
/// For `.rows` the sum runs along the lines `y + (x − cx)·t = const` (horizontal lines rotated counter-clockwise by
/// `atan t`), for `.columns` along `x − (y − cy)·t = const` (vertical lines under the same rotation), so both
/// profiles are sharp when `t` is the tangent of the page's rotation. Bin `i` holds key `i − offset`; the key axis
/// is in pixels (measured along the image axis, so periods along it are the true period divided by `cos θ`).
enum ShearedProjection {
    enum Axis { case rows, columns }

    /// Profile of `plane` along `axis`. `stride` samples every stride-th line across the summed direction
    /// (every stride-th column for `.rows`), which keeps the cost at `O(width · height / stride)`.
    /// Shape: `[length + 2·offset]`, `offset = ceil(half-extent · |t|) + 1`.
    static func profile(_ plane: GrayPlane, axis: Axis, tangent t: Double, stride: Int = 1) -> (values: [Float], offset: Int) {
        let across = axis == .rows ? plane.width : plane.height      // direction summed over
        let along = axis == .rows ? plane.height : plane.width       // direction of the profile
        let centre = Double(across - 1) / 2
        let offset = Int((centre * abs(t)).rounded(.up)) + 1
        var values = [Float](repeating: 0, count: along + 2 * offset)
        let step = max(1, stride)
        let sign: Double = axis == .rows ? 1 : -1
        // Shift of each summed line (one per sampled column for `.rows`, per sampled row for `.columns`).
        let sampled = Swift.stride(from: 0, to: across, by: step).map { a in
            (a, offset + shift(of: a, centre: centre, tangent: sign * t))
        }
        plane.pixels.withUnsafeBufferPointer { px in
            values.withUnsafeMutableBufferPointer { out in
                if axis == .rows {
                    // Row-major walk: bin = y + shift(column).
                    for y in 0..<along {
                        let row = y * plane.width
                        for (x, shift) in sampled { out[y &+ shift] += Float(px[row &+ x]) }
                    }
                } else {
                    // Row y, every column: bin = x + shift(row).
                    for (y, shift) in sampled {
                        let row = y * plane.width
                        for x in 0..<along { out[x &+ shift] += Float(px[row &+ x]) }
                    }
                }
            }
        }
        return (values, offset)
    }

    /// Row-profile bin shift of line `a` (a column for `.rows`) about `centre`, before the profile's offset.
    @inline(__always)
    static func shift(of a: Int, centre: Double, tangent t: Double) -> Int {
        Int(((Double(a) - centre) * t).rounded())
    }

    /// The `.rows` profile of a plane given by its non-zero samples (``SparseRows``): bin for bin the value
    /// `profile(plane, axis: .rows, tangent: t, stride: stride)` gives, since the samples are added in the same
    /// order (row by row, columns left to right) and the zeros it skips add nothing. For mostly empty planes (ink),
    /// the cost falls from `O(width · height / stride)` to `O(non-zero samples)` per tangent.
    static func rowProfile(_ samples: SparseRows, tangent t: Double) -> (values: [Float], offset: Int) {
        let centre = Double(samples.width - 1) / 2
        let offset = Int((centre * abs(t)).rounded(.up)) + 1
        var values = [Float](repeating: 0, count: samples.height + 2 * offset)
        let shifts = samples.columns.map { offset + shift(of: $0, centre: centre, tangent: t) }
        values.withUnsafeMutableBufferPointer { out in
            shifts.withUnsafeBufferPointer { shifts in
                for i in samples.values.indices {
                    out[Int(samples.rows[i]) &+ shifts[Int(samples.columnIndices[i])]] += samples.values[i]
                }
            }
        }
        return (values, offset)
    }
}
