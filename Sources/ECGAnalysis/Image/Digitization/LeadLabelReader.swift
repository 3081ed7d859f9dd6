/// Reads a printed lead name ("I", "II", "III", "aVR", "aVL", "aVF", "V1" … "V6") from the ink plane.
///
/// 1. The search window is binarised at the trace threshold and split into 8-connected ink components. Components
///    that touch the window's edge or the followed trace (the trace itself, lead separators, pulses joined to it)
///    are left out; glyphs are components 1.5–7 mm high and at most 6 mm wide.
/// 2. Glyphs that stand on a common baseline (bottoms within a quarter of the taller one) with gaps under 0.8 of
///    the taller one's height form a label, left to right.
/// 3. A label of `n` glyphs is compared with every standard name of `n` characters: its distance is the mean over
///    its glyphs of the smallest `LeadLabelGlyph.distance` to a template of that character (any font). The nearest
///    name is read when its distance is at most `maximumDistance` and the next name's summed glyph distance is at
///    least `minimumMargin` larger; otherwise nothing is read. A label whose box holds other ink (3 pixels or
///    more, or the trace's) is not read: a glyph of it broke up. "I" and "II" are read only when no other ink lies
///    within 0.8 cap heights of either end (else they may be the rest of "II", "III" or "MLII"). Of several
///    labels read in the window, the nearest to its name wins.
struct LeadLabelReader: Sendable {
    /// The names the reader knows and their glyph sequences ("AVR" is read as "aVR").
    static let names: [(name: String, glyphs: [Character])] = {
        var names: [(String, [Character])] = [("I", ["I"]), ("II", ["I", "I"]), ("III", ["I", "I", "I"])]
        for suffix in ["R", "L", "F"] {
            names.append(("aV" + suffix, ["a", "V", Character(suffix)]))
            names.append(("aV" + suffix, ["A", "V", Character(suffix)]))
        }
        for digit in 1...6 { names.append(("V\(digit)", ["V", Character("\(digit)")])) }
        return names
    }()

    /// Templates by character.
    static let templatesByCharacter: [Character: [LeadLabelGlyph]] =
        Dictionary(grouping: LeadLabelGlyph.templates, by: \.character)

    /// Largest mean glyph distance of a name that is read.
    var maximumDistance: Float = 0.4
    /// Smallest lead of the nearest name over the next one, in summed glyph distance.
    var minimumMargin: Float = 0.04

    /// A name read off the page.
    struct Reading: Equatable {
        var name: String
        /// Mean glyph distance to the name's templates.
        var distance: Float
        /// Bounding box of the label in the plane: x, y, width, height.
        var box: [Int]
    }

    /// The standard name nearest to `glyphs` (left to right), or nil when none is near enough or two are equally near.
    func classify(_ glyphs: [LeadLabelGlyph]) -> (name: String, distance: Float)? {
        var best: [String: Float] = [:]
        for candidate in Self.names where candidate.glyphs.count == glyphs.count {
            var total: Float = 0
            for (glyph, character) in zip(glyphs, candidate.glyphs) {
                let templates = Self.templatesByCharacter[character] ?? []
                total += templates.map { glyph.distance(to: $0) }.min() ?? .infinity
            }
            let distance = total / Float(glyphs.count)
            best[candidate.name] = min(best[candidate.name] ?? .infinity, distance)
        }
        let ranked = best.sorted { $0.value < $1.value }
        guard let first = ranked.first, first.value <= maximumDistance else { return nil }
        // The margin is taken on the summed distances: names that differ in one glyph ("aVR", "aVF") differ by
        // that glyph's distances alone.
        if ranked.count > 1, (ranked[1].value - first.value) * Float(glyphs.count) < minimumMargin { return nil }
        return (first.key, first.value)
    }

    /// The readings of one page (one per lead, nil where nothing was read) with every "I" dropped that no other
    /// reading of the page corroborates. A lone vertical bar — a lead separator, a tick or a stray mark — reads as
    /// "I" far more easily than any other name; a printed "I" stands among labels of the same print. It is kept when
    /// another reading, not itself an "I", has a box height within ±30 % of its own and sits at the same height above
    /// its lead's zero level (label top minus zero level) within 3 mm. `zeroLevels[i]`: row of lead `i`'s 0 mV level.
    static func corroborated(_ readings: [Reading?], zeroLevels: [Float], pixelsPerMillimetre ppm: Double) -> [Reading?] {
        precondition(readings.count == zeroLevels.count)
        func offset(_ i: Int) -> Double { Double(readings[i]!.box[1]) - Double(zeroLevels[i]) }
        return readings.indices.map { i in
            guard let reading = readings[i], reading.name == "I" else { return readings[i] }
            let height = Double(reading.box[3])
            let supported = readings.indices.contains { j in
                guard j != i, let other = readings[j], other.name != "I" else { return false }
                let ratio = Double(other.box[3]) / height
                return ratio >= 1 / 1.3 && ratio <= 1.3 && abs(offset(j) - offset(i)) <= 3 * ppm
            }
            return supported ? reading : nil
        }
    }

    /// Reads the label inside `columns × rows` of `ink` (pixels ≥ `threshold` are ink). `trace(x)` gives the
    /// followed trace's row in column `x` (nil or NaN where there is none): ink components through it are not text.
    /// When nothing is read at `threshold`, the window is read again at `(threshold + 255) / 2`: at low
    /// resolution neighbouring glyphs ("V4") join through anti-aliased pixels that the higher level drops.
    func read(_ ink: GrayPlane, threshold: UInt8, columns: Range<Int>, rows: Range<Int>, pixelsPerMillimetre ppm: Double,
              trace: (Int) -> Float?) -> Reading? {
        if let reading = read(ink, level: threshold, retry: false, columns: columns, rows: rows, ppm: ppm, trace: trace) {
            return reading
        }
        let higher = UInt8((Int(threshold) + 255) / 2)
        guard higher > threshold else { return nil }
        return read(ink, level: higher, retry: true, columns: columns, rows: rows, ppm: ppm, trace: trace)
    }

    /// One reading at `level`; a `retry` does not read "I", "II" or "III" (strokes of a glyph broken by the higher
    /// level pass for them).
    func read(_ ink: GrayPlane, level threshold: UInt8, retry: Bool, columns: Range<Int>, rows: Range<Int>, ppm: Double,
              trace: (Int) -> Float?) -> Reading? {
        let x0 = max(0, columns.lowerBound), x1 = min(ink.width, columns.upperBound)
        let y0 = max(0, rows.lowerBound), y1 = min(ink.height, rows.upperBound)
        let w = x1 - x0, h = y1 - y0
        guard w >= 4, h >= 4 else { return nil }
        // Component labels of the window, 0 = paper.
        var label = [Int32](repeating: 0, count: w * h)
        struct Component { var minX = Int.max, minY = Int.max, maxX = -1, maxY = -1, pixels = 0, excluded = false }
        // Index 0 stands for paper.
        var components: [Component] = [Component()]
        var stack: [Int] = []
        for start in 0..<(w * h) where label[start] == 0 && ink[x0 + start % w, y0 + start / w] >= threshold {
            let id = Int32(components.count)
            var c = Component()
            label[start] = id
            stack.append(start)
            while let p = stack.popLast() {
                let px = p % w, py = p / w
                c.minX = min(c.minX, px); c.maxX = max(c.maxX, px)
                c.minY = min(c.minY, py); c.maxY = max(c.maxY, py)
                c.pixels += 1
                if px == 0 || py == 0 || px == w - 1 || py == h - 1 { c.excluded = true }
                for dy in -1...1 {
                    for dx in -1...1 {
                        let nx = px + dx, ny = py + dy
                        guard nx >= 0, nx < w, ny >= 0, ny < h else { continue }
                        let q = ny * w + nx
                        if label[q] == 0, ink[x0 + nx, y0 + ny] >= threshold {
                            label[q] = id
                            stack.append(q)
                        }
                    }
                }
            }
            components.append(c)
        }
        // The trace and whatever ink touches it.
        for x in 0..<w {
            guard let t = trace(x0 + x), t.isFinite else { continue }
            let ty = Int(t.rounded()) - y0
            for y in (ty - 1)...(ty + 1) where y >= 0 && y < h {
                let id = Int(label[y * w + x])
                if id > 0 { components[id].excluded = true }
            }
        }
        let minHeight = max(4, Int(1.5 * ppm)), maxHeight = 7 * ppm, maxWidth = 6 * ppm
        var glyphs: [Int] = []
        for id in 1..<components.count {
            let c = components[id]
            let cw = c.maxX - c.minX + 1, ch = c.maxY - c.minY + 1
            if !c.excluded, ch >= minHeight, Double(ch) <= maxHeight, Double(cw) <= maxWidth { glyphs.append(id) }
        }
        glyphs.sort { components[$0].minX < components[$1].minX }
        // Labels: chains of glyphs on a common baseline, left to right.
        var used = Set<Int>()
        var best: Reading? = nil
        for first in glyphs where !used.contains(first) {
            var chain = [first]
            used.insert(first)
            while chain.count <= 4 {
                let last = components[chain[chain.count - 1]]
                let next = glyphs.first { id in
                    guard !used.contains(id) else { return false }
                    let c = components[id]
                    let tall = max(last.maxY - last.minY, c.maxY - c.minY) + 1
                    let gap = c.minX - last.maxX - 1
                    return gap >= -1 && Double(gap) <= 0.8 * Double(tall)
                        && Double(abs(c.maxY - last.maxY)) <= 0.25 * Double(tall)
                }
                guard let next else { break }
                chain.append(next)
                used.insert(next)
            }
            guard chain.count <= 3 else { continue }
            let top = chain.map { components[$0].minY }.min()!
            let bottom = chain.map { components[$0].maxY }.max()!
            let capHeight = chain.map { components[$0].maxY - components[$0].minY + 1 }.max()!
            let left = components[chain[0]].minX, right = components[chain[chain.count - 1]].maxX
            let features = chain.map { id -> LeadLabelGlyph in
                let c = components[id]
                return LeadLabelGlyph(box: (c.minX, c.minY, c.maxX - c.minX + 1, c.maxY - c.minY + 1),
                                      labelTop: top, capHeight: capHeight) { x, y in label[y * w + x] == Int32(id) }
            }
            guard let match = classify(features), !(retry && match.name.allSatisfy { $0 == "I" }) else { continue }
            // Ink of 3 pixels or more (or of the trace) that is not one of the label's glyphs.
            func foreign(_ x: Int, _ y: Int) -> Bool {
                let id = Int(label[y * w + x])
                return id > 0 && !chain.contains(id) && (components[id].excluded || components[id].pixels >= 3)
            }
            // Foreign ink inside the label's box: a glyph broke up ("4" read as its stem, "1").
            if (top...bottom).contains(where: { y in (left...right).contains { foreign($0, y) } }) {
                continue
            }
            // "I" and "II" are what is left of "II", "III" (or "MLII") when the trace or a mark swallowed a glyph:
            // they must stand clear, with no foreign ink within 0.8 cap heights of either end.
            if match.name == "I" || match.name == "II" {
                let reach = Int((0.8 * Double(capHeight)).rounded(.up))
                let crowded = (top...bottom).contains { y in
                    (max(0, left - reach)..<left).contains { foreign($0, y) }
                        || ((right + 1)..<min(w, right + 1 + reach)).contains { foreign($0, y) }
                }
                if crowded { continue }
            }
            if best.map({ match.distance < $0.distance }) ?? true {
                best = Reading(name: match.name, distance: match.distance,
                               box: [x0 + left, y0 + top, right - left + 1, bottom - top + 1])
            }
        }
        return best
    }
}
