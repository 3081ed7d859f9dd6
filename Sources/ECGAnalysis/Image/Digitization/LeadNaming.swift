/// Names the leads of a page from the layout's standard order and the printed labels read.
///
/// - A name read on two or more leads of the same grid is a misreading somewhere (each lead is printed once; a lone
///   stroke passes for "I"): it counts as not read on any of them.
/// - A lead whose label was read takes the read name.
/// - A lead with no label read keeps the name its layout implies, unless another lead of the same grid (the rhythm
///   strip of a 3×4 + rhythm page is not part of the grid: it repeats a lead on purpose) was read with that name:
///   the standard order does not hold there. If exactly one standard name is then left unused, the lead takes it;
///   otherwise it is named "lead N" (N: its reading order, from 1).
public enum LeadNaming {
    /// The 12 standard lead names in their usual order.
    public static let standard = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"]

    /// Names and sources for `assumed` names (in reading order) given the names `read` (nil: none read);
    /// `grid[i]` says whether lead `i` belongs to the page's grid of distinct leads.
    static func resolve(assumed: [String], read: [String?], grid: [Bool]) -> [(name: String, source: LeadNameSource)] {
        precondition(assumed.count == read.count && read.count == grid.count)
        let read = consistent(read, grid: grid)
        var result: [(name: String, source: LeadNameSource)] = zip(assumed, read).map { a, r in
            r.map { ($0, .read) } ?? (a, .assumed)
        }
        let readInGrid = Set(result.indices.filter { grid[$0] && read[$0] != nil }.map { result[$0].name })
        let conflicting = result.indices.filter { grid[$0] && read[$0] == nil && readInGrid.contains(result[$0].name) }
        guard !conflicting.isEmpty else { return result }
        let usedInGrid = Set(result.indices.filter { grid[$0] && !conflicting.contains($0) }.map { result[$0].name })
        let unused = standard.filter { !usedInGrid.contains($0) }
        for i in conflicting {
            result[i].name = conflicting.count == 1 && unused.count == 1 ? unused[0] : "lead \(i + 1)"
        }
        return result
    }

    /// `read` without the names read on more than one lead of the grid (`grid[i]`: lead `i` belongs to it).
    static func consistent(_ read: [String?], grid: [Bool]) -> [String?] {
        var counts: [String: Int] = [:]
        for (name, inGrid) in zip(read, grid) where inGrid { if let name { counts[name, default: 0] += 1 } }
        return zip(read, grid).map { name, inGrid in
            guard let name, !inGrid || counts[name, default: 0] <= 1 else { return nil }
            return name
        }
    }
}
