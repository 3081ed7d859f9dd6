import Foundation

/// Shape features of one printed character, as the lead-name reader compares them.
///
/// For a glyph with bounding box `w × h` whose top lies `t` pixels below the top of its label, in a label whose
/// tallest glyph is `H` pixels high (the cap height: every standard lead name has a capital or a digit):
/// - `aspect = w / h`, `height = h / H`, `top = t / H`;
/// - `cells[j · 6 + i]`: ink fraction (0…1) of cell `(i, j)` of a 6-wide × 8-high grid over the bounding box, from
///   4 × 4 point samples per cell.
///
/// Templates (`LeadLabelGlyph.templates`) are generated from fonts by `tools/glyphs/lead_label_glyphs.py`.
struct LeadLabelGlyph: Sendable {
    static let gridWidth = 6
    static let gridHeight = 8
    static let samplesPerCell = 4

    /// The character, for templates; "?" for a glyph read off an image.
    var character: Character
    /// Font of a template; empty for a glyph read off an image.
    var font: String
    var aspect: Float
    var height: Float
    var top: Float
    /// `[gridHeight · gridWidth]`, row by row, 0…1.
    var cells: [Float]

    /// A template: `cells` holds one digit 0…9 per cell (ink fraction × 9).
    init(_ character: Character, font: String, aspect: Float, height: Float, top: Float, cells: String) {
        self.character = character
        self.font = font
        self.aspect = aspect
        self.height = height
        self.top = top
        self.cells = cells.map { Float($0.wholeNumberValue ?? 0) / 9 }
    }

    /// A glyph read off an image: `inside(x, y)` says whether pixel `(x, y)` of the bounding box `box` (x, y,
    /// width, height) is ink of this glyph; `labelTop` and `capHeight` are the label's top row and tallest glyph.
    init(box: (x: Int, y: Int, width: Int, height: Int), labelTop: Int, capHeight: Int, inside: (Int, Int) -> Bool) {
        character = "?"
        font = ""
        aspect = Float(box.width) / Float(box.height)
        height = Float(box.height) / Float(capHeight)
        top = Float(box.y - labelTop) / Float(capHeight)
        let gw = Self.gridWidth, gh = Self.gridHeight, sub = Self.samplesPerCell
        var cells = [Float](repeating: 0, count: gw * gh)
        for j in 0..<gh {
            for i in 0..<gw {
                var hits = 0
                for sj in 0..<sub {
                    for si in 0..<sub {
                        let x = box.x + Int((Double(i) + (Double(si) + 0.5) / Double(sub)) * Double(box.width) / Double(gw))
                        let y = box.y + Int((Double(j) + (Double(sj) + 0.5) / Double(sub)) * Double(box.height) / Double(gh))
                        if inside(x, y) { hits += 1 }
                    }
                }
                cells[j * gw + i] = Float(hits) / Float(sub * sub)
            }
        }
        self.cells = cells
    }

    /// Dissimilarity to `other`: mean absolute cell difference + 0.5 · |ln(aspect ratio)| + |Δheight| + |Δtop|.
    /// 0 for identical shapes; the size terms separate glyphs whose grids look alike ("I" against a bar of "1",
    /// "a" against "A").
    func distance(to other: LeadLabelGlyph) -> Float {
        var cellDifference: Float = 0
        for k in cells.indices { cellDifference += abs(cells[k] - other.cells[k]) }
        cellDifference /= Float(cells.count)
        let aspectRatio = max(aspect, 0.01) / max(other.aspect, 0.01)
        return cellDifference + 0.5 * abs(log(aspectRatio)) + abs(height - other.height) + abs(top - other.top)
    }
}
