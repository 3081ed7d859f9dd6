import Foundation

/// Estimates a small rotation of the page (|θ| ≤ 5°) from its horizontal structure: grid lines and trace baselines.
///
/// 1. Coarse: row profiles of narrow vertical strips across the page; the vertical shift `s` that best aligns each
///    strip with its neighbour `D` pixels to the right gives `tan θ ≈ −s / D` (the bold grid lines every 5 mm make
///    the best shift unique even when fine lines repeat within the search range). The median over pairs is robust
///    to strips that are blank or covered by text.
/// 2. Fine: the tangent `t` near the coarse value that maximises `Σ p(t)²`, the energy of the sheared row
///    projection `p(t)` (`ShearedProjection`), in steps of half a pixel of drift across the page.
///
/// On a page without a grid (`scan`), neighbouring strips of a trace differ by the signal itself, not only by the
/// rotation, so step 1 is replaced by a scan of the projection energy over the whole ±5° range in steps of 0.1° (then
/// refined as in step 2): a trace spends most of its time on its baseline, and the baselines line up on
/// few projection bins only at the page's rotation.
///
/// The result is in degrees, counter-clockwise positive (a line drawn rightwards rises by `tan θ` per pixel).
struct SkewEstimator {
    static let maxDegrees = 5.0

    /// Rotation of `plane` in degrees; `scan` searches the whole range for the most energetic projection (traces
    /// without a grid) instead of starting from the strip alignment (grid lines).
    func estimate(_ plane: GrayPlane, scan: Bool = false) -> Double {
        guard plane.width >= 64, plane.height >= 32 else { return 0 }
        let coarse = scan ? scannedTangent(plane) : coarseTangent(plane)
        let t = refine(plane, around: coarse)
        return atan(t) * 180 / .pi
    }

    /// The tangent of the angle in −5°, −4.9°, …, 5° whose sheared row projection has the most energy.
    func scannedTangent(_ plane: GrayPlane) -> Double {
        // The ink plane is mostly empty: its non-zero samples are collected once and projected at every angle.
        let samples = SparseRows(plane, stride: max(1, plane.width / 400))
        var best = (t: 0.0, energy: -Float.infinity)
        let steps = Int((Self.maxDegrees * 10).rounded())
        for k in -steps...steps {
            let t = tan(Double(k) / 10 * .pi / 180)
            let profile = ShearedProjection.rowProfile(samples, tangent: t).values
            let energy = profile.reduce(Float(0)) { $0 + $1 * $1 }
            if energy > best.energy { best = (t, energy) }
        }
        return best.t
    }

    /// Median neighbour-strip alignment, as a tangent.
    func coarseTangent(_ plane: GrayPlane) -> Double {
        let strips = 24
        let stripWidth = max(2, min(32, plane.width / (strips * 2)))
        let spacing = Double(plane.width - stripWidth) * 0.9 / Double(strips - 1)
        let first = Int(Double(plane.width - stripWidth) * 0.05)
        let profiles: [[Float]] = (0..<strips).map { k in
            let x0 = first + Int(Double(k) * spacing)
            var p = [Float](repeating: 0, count: plane.height)
            plane.pixels.withUnsafeBufferPointer { px in
                for y in 0..<plane.height {
                    var sum = 0
                    let row = y * plane.width + x0
                    for x in 0..<stripWidth { sum &+= Int(px[row &+ x]) }
                    p[y] = Float(sum)
                }
            }
            return Self.centred(p)
        }
        let maxShift = Int((spacing * tan(Self.maxDegrees * .pi / 180)).rounded(.up)) + 1
        var tangents: [Double] = []
        for k in 0..<(strips - 1) {
            guard let s = Self.bestShift(profiles[k], profiles[k + 1], maxShift: maxShift) else { continue }
            tangents.append(-s / spacing)
        }
        guard !tangents.isEmpty else { return 0 }
        tangents.sort()
        return tangents[tangents.count / 2]
    }

    /// Maximises the sheared row-projection energy over tangents near `t0`.
    func refine(_ plane: GrayPlane, around t0: Double) -> Double {
        let width = Double(plane.width)
        let step = 0.5 / width
        let range = max(12 / width, 0.004)
        let stride = max(1, plane.width / 400)
        var best = (t: t0, energy: -Float.infinity)
        var energies: [(Double, Float)] = []
        var t = t0 - range
        let limit = tan(Self.maxDegrees * .pi / 180)
        while t <= t0 + range {
            if abs(t) <= limit {
                let profile = ShearedProjection.profile(plane, axis: .rows, tangent: t, stride: stride).values
                let energy = profile.reduce(Float(0)) { $0 + $1 * $1 }
                energies.append((t, energy))
                if energy > best.energy { best = (t, energy) }
            }
            t += step
        }
        // Parabolic interpolation through the best step and its neighbours.
        if let i = energies.firstIndex(where: { $0.0 == best.t }), i > 0, i + 1 < energies.count {
            let (a, b, c) = (Double(energies[i - 1].1), Double(energies[i].1), Double(energies[i + 1].1))
            let denominator = a - 2 * b + c
            if denominator < 0 { return best.t + step * 0.5 * (a - c) / denominator }
        }
        return best.t
    }

    /// The profile minus its mean.
    static func centred(_ p: [Float]) -> [Float] {
        let mean = p.reduce(0, +) / Float(max(1, p.count))
        return p.map { $0 - mean }
    }

    /// Sub-pixel shift `s` maximising `Σ a[y] · b[y + s]` for |s| ≤ maxShift; nil when the strips are blank.
    static func bestShift(_ a: [Float], _ b: [Float], maxShift: Int) -> Double? {
        let n = a.count
        var scores = [Double](repeating: 0, count: 2 * maxShift + 1)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                for (i, s) in (-maxShift...maxShift).enumerated() {
                    var sum: Float = 0
                    let lo = max(0, -s), hi = min(n, n - s)
                    if lo < hi { for y in lo..<hi { sum += a[y] * b[y + s] } }
                    scores[i] = Double(sum)
                }
            }
        }
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > 0 else { return nil }
        var shift = Double(best - maxShift)
        if best > 0, best + 1 < scores.count {
            let (l, c, r) = (scores[best - 1], scores[best], scores[best + 1])
            let denominator = l - 2 * c + r
            if denominator < 0 { shift += 0.5 * (l - r) / denominator }
        }
        return shift
    }
}
