/// Decides the page layout from the rows found and assigns each lead its row, time range and name.
///
/// Names follow from the layout's standard order, which is how nearly all 12-lead printers arrange them (the
/// digitizer then lets printed names read by `LeadLabelReader` override them, see `LeadNaming`):
/// - 4 rows → 3×4 + rhythm strip: rows `I aVR V1 V4`, `II aVL V2 V5`, `III aVF V3 V6`, each split into four equal
///   time slots (2.5 s of 10 s), and a full-width rhythm strip named "II";
/// - 3 rows with lead separators at the quarter points → 3×4 without rhythm strip;
/// - 6 rows with a separator at the half → 6×2: limb leads `I II III aVR aVL aVF` on the left, `V1 … V6` on the right;
/// - 12 rows → 12×1 in the order I, II, III, aVR, aVL, aVF, V1 … V6;
/// - 1 row → a single strip; any other count → strips. Strips are named "strip 1", "strip 2", … from the top.
struct LayoutDetector {
    struct Slot: Equatable {
        var row: Int
        var name: String
        /// Seconds from the row's first column.
        var startSeconds: Double
        /// Columns of the row covered by this lead.
        var columns: ClosedRange<Int>
    }

    static let threeByFour = [["I", "aVR", "V1", "V4"], ["II", "aVL", "V2", "V5"], ["III", "aVF", "V3", "V6"]]
    static let twelve = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]

    /// `separators(row, fraction)` says whether row `row` shows a lead separator at that fraction of its width.
    func layout(rows: [TraceRow], pixelsPerSecond: Double,
                separators: (Int, Double) -> Bool) -> (ECGPageLayout, [Slot]) {
        func split(_ r: Int, _ names: [String]) -> [Slot] {
            let row = rows[r]
            let width = Double(row.columns) / Double(names.count)
            return names.enumerated().map { c, name in
                let lo = row.start + Int((Double(c) * width).rounded())
                let hi = row.start + Int((Double(c + 1) * width).rounded()) - 1
                return Slot(row: r, name: name, startSeconds: Double(lo - row.start) / pixelsPerSecond, columns: lo...hi)
            }
        }
        func quarters(_ r: Int) -> Int { [0.25, 0.5, 0.75].filter { separators(r, $0) }.count }
        switch rows.count {
        case 1:
            return (.singleStrip, split(0, ["strip 1"]))
        case 4:
            return (.threeByFourWithRhythm, (0..<3).flatMap { split($0, Self.threeByFour[$0]) } + split(3, ["II"]))
        case 3 where (0..<3).filter({ quarters($0) >= 2 }).count >= 2:
            return (.threeByFour, (0..<3).flatMap { split($0, Self.threeByFour[$0]) })
        case 6 where (0..<6).filter({ separators($0, 0.5) }).count >= 3:
            return (.sixByTwo, (0..<6).flatMap { split($0, [Self.twelve[$0], Self.twelve[$0 + 6]]) })
        case 12:
            return (.twelveByOne, (0..<12).flatMap { split($0, [Self.twelve[$0]]) })
        default:
            return (.strips, rows.indices.flatMap { split($0, ["strip \($0 + 1)"]) })
        }
    }
}
