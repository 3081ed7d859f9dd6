/// The standardisation pulse printed at the start of a row: a step up by 1 mV, held 0.2 s (a 10 mm × 5 mm
/// rectangle at 10 mm/mV and 25 mm/s), and back down. Its height gives the gain.
struct CalibrationPulse: Equatable {
    /// Column (in the row's path) where the pulse's falling edge ends; the trace starts after it.
    var endColumn: Int
    /// Gain implied by the pulse height, mm/mV (snapped to 5, 10 or 20 when within 15 %).
    var millimetresPerMillivolt: Double

    /// Looks for a pulse in the first 15 mm of `rows` (row position per column, NaN where no ink), starting at
    /// column `start`. Rise ≥ 3 mm within 1 mm of columns, flat top (±0.6 mm) 3–7 mm long, fall back to within
    /// 1.5 mm of the level before the rise.
    static func find(in rows: [Float], start: Int, pixelsPerMillimetre ppm: Float) -> CalibrationPulse? {
        let end = min(rows.count, start + Int(15 * ppm))
        guard start < end, rows[start].isFinite else { return nil }
        let base = rows[start]
        guard let rise = (start..<end).first(where: { rows[$0].isFinite && base - rows[$0] >= 3 * ppm }),
              rise - start <= Int(3 * ppm) else { return nil }
        // Plateau level: median of the top over 2 mm from the first high column (edges may have in-between columns).
        let probe = rise...min(end - 1, rise + Int(2 * ppm))
        let tops = probe.map { rows[$0] }.filter(\.isFinite).sorted()
        guard !tops.isEmpty else { return nil }
        let level = tops[tops.count / 2]
        guard let plateauStart = probe.first(where: { rows[$0].isFinite && abs(rows[$0] - level) <= 0.6 * ppm }) else {
            return nil
        }
        var k = plateauStart + 1
        while k < end, !rows[k].isFinite || abs(rows[k] - level) <= 0.6 * ppm { k += 1 }
        let plateau = Float(k - plateauStart) / ppm
        guard plateau >= 3, plateau <= 7, k < rows.count else { return nil }
        guard let fall = (k..<min(rows.count, k + Int(1.5 * ppm) + 1))
            .first(where: { rows[$0].isFinite && abs(rows[$0] - base) <= 1.5 * ppm }) else { return nil }
        let heightMm = Double((base - level) / ppm)
        let gain = [5.0, 10.0, 20.0].first { abs(heightMm - $0) <= 0.15 * $0 } ?? heightMm
        guard (2.5...40).contains(gain) else { return nil }
        return CalibrationPulse(endColumn: fall, millimetresPerMillivolt: gain)
    }
}
