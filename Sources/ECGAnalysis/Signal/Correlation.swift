/// Pearson's correlation coefficient of two series.
enum Correlation {
    /// r = Σ(aₖ − ā)(bₖ − b̄) / √(Σ(aₖ − ā)² · Σ(bₖ − b̄)²) over the common length of `a` and `b`; nil when either is
    /// flat there (or empty). Accumulated in `Double`.
    static func pearson<A: Collection<Float>, B: Collection<Float>>(_ a: A, _ b: B) -> Double? {
        let n = min(a.count, b.count)
        guard n > 0 else { return nil }
        var meanA = 0.0, meanB = 0.0
        for (x, y) in zip(a, b) {
            meanA += Double(x)
            meanB += Double(y)
        }
        meanA /= Double(n)
        meanB /= Double(n)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) {
            let dx = Double(x) - meanA, dy = Double(y) - meanB
            sab += dx * dy
            saa += dx * dx
            sbb += dy * dy
        }
        guard saa > 0, sbb > 0 else { return nil }
        return sab / (saa * sbb).squareRoot()
    }
}
