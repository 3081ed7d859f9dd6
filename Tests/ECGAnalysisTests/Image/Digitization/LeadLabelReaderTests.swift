import Foundation
import Testing
@testable import ECGAnalysis

@Suite("Printed lead names")
struct LeadLabelReaderTests {
    /// Crops of the ink plane around printed labels of tuning-set renders (Tests/Fixtures/labels, cut by
    /// tools/glyphs/label_crops.py), with the resolution each was rendered at.
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/labels")

    static func crop(_ name: String) throws -> GrayPlane {
        let data = try Data(contentsOf: folder.appendingPathComponent(name + ".pgm"))
        // Binary PGM: "P5\n<w> <h>\n255\n" then w·h bytes.
        var fields: [String] = [], current = "", index = data.startIndex
        while fields.count < 4, index < data.endIndex {
            let byte = data[index]
            index += 1
            if byte == 0x20 || byte == 0x0A {
                if !current.isEmpty { fields.append(current); current = "" }
            } else {
                current.append(Character(UnicodeScalar(byte)))
            }
        }
        let width = try #require(Int(fields[1])), height = try #require(Int(fields[2]))
        return GrayPlane(width: width, height: height, pixels: Array(data[index..<(index + width * height)]))
    }

    static func read(_ plane: GrayPlane, ppm: Double, trace: (Int) -> Float? = { _ in nil }) -> String? {
        LeadLabelReader().read(plane, threshold: 128, columns: 0..<plane.width, rows: 0..<plane.height,
                               pixelsPerMillimetre: ppm, trace: trace)?.name
    }

    @Test(arguments: [
        ("V4-300dpi", 300.0, "V4"), ("II-150dpi", 150, "II"), ("aVL-100dpi", 100, "aVL"), ("aVR-200dpi", 200, "aVR"),
        ("aVF-200dpi-degraded", 200, "aVF"),
    ])
    func readsPrintedLabels(crop: String, dpi: Double, name: String) throws {
        #expect(Self.read(try Self.crop(crop), ppm: dpi / 25.4) == name)
    }

    /// An R wave runs through the first "I" of "II": the "I" left standing is not read as lead I.
    @Test func doesNotReadWhatIsLeftOfADamagedLabel() throws {
        #expect(Self.read(try Self.crop("II-200dpi-r-wave-through"), ppm: 200 / 25.4) == nil)
    }

    /// Draws `glyphs` from the DejaVu Sans templates: cap height `cap` px, a gap of a quarter cap between glyphs,
    /// from (`x`, `y`) (top-left of the cap box). The template's cell grid is interpolated bilinearly between cell
    /// centres; a pixel is ink (255) where the interpolated ink fraction reaches 0.35.
    static func drawLabel(_ glyphs: [Character], on plane: inout GrayPlane, x: Int, y: Int, cap: Int) {
        let gw = LeadLabelGlyph.gridWidth, gh = LeadLabelGlyph.gridHeight
        var left = x
        for character in glyphs {
            let t = LeadLabelGlyph.templates.first { $0.character == character && $0.font == "DejaVu Sans" }!
            let h = Int((t.height * Float(cap)).rounded()), w = max(1, Int((t.aspect * Float(h)).rounded()))
            let top = y + Int((t.top * Float(cap)).rounded())
            func cell(_ i: Int, _ j: Int) -> Float { t.cells[min(gh - 1, max(0, j)) * gw + min(gw - 1, max(0, i))] }
            for py in 0..<h {
                for px in 0..<w {
                    // Position in cell units, 0 at the first cell's centre.
                    let u = (Float(px) + 0.5) / Float(w) * Float(gw) - 0.5, v = (Float(py) + 0.5) / Float(h) * Float(gh) - 0.5
                    let i = Int(u.rounded(.down)), j = Int(v.rounded(.down))
                    let fu = u - Float(i), fv = v - Float(j)
                    let value = (cell(i, j) * (1 - fu) + cell(i + 1, j) * fu) * (1 - fv)
                        + (cell(i, j + 1) * (1 - fu) + cell(i + 1, j + 1) * fu) * fv
                    if value >= 0.35 { plane.pixels[(top + py) * plane.width + left + px] = 255 }
                }
            }
            left += w + cap / 4
        }
    }

    @Test(arguments: LeadNaming.standard)
    func readsEverySyntheticStandardName(name: String) {
        var plane = GrayPlane(width: 160, height: 60)
        let glyphs = LeadLabelReader.names.first { $0.name == name }!.glyphs
        Self.drawLabel(glyphs, on: &plane, x: 20, y: 15, cap: 24)
        #expect(Self.read(plane, ppm: 8) == name)
    }

    @Test func readsUpperCaseAVR() {
        var plane = GrayPlane(width: 160, height: 60)
        Self.drawLabel(["A", "V", "R"], on: &plane, x: 20, y: 15, cap: 24)
        #expect(Self.read(plane, ppm: 8) == "aVR")
    }

    @Test func readsNothingInShapesThatAreNotNames() {
        var square = GrayPlane(width: 80, height: 60)
        for y in 20..<40 { for x in 20..<40 { square.pixels[y * 80 + x] = 255 } }
        #expect(Self.read(square, ppm: 8) == nil)
        var lone = GrayPlane(width: 80, height: 60)
        Self.drawLabel(["V"], on: &lone, x: 20, y: 15, cap: 24)
        #expect(Self.read(lone, ppm: 8) == nil)
        var fourGlyphs = GrayPlane(width: 200, height: 60)
        Self.drawLabel(["V", "1", "2", "3"], on: &fourGlyphs, x: 20, y: 15, cap: 24)
        #expect(Self.read(fourGlyphs, ppm: 8) == nil)
        #expect(Self.read(GrayPlane(width: 80, height: 60), ppm: 8) == nil)
    }

    /// A vertical trace stroke joined to the first "I" of "III": the trace is left out, and the "II" left standing
    /// beside it is not read; the same label clear of the trace is read.
    @Test func leavesOutTheTraceAndWhatTouchesIt() {
        var plane = GrayPlane(width: 160, height: 60)
        Self.drawLabel(["I", "I", "I"], on: &plane, x: 40, y: 15, cap: 24)
        #expect(Self.read(plane, ppm: 8) == "III")
        // Trace: a horizontal line at row 50 and an R wave up column 41 into the first "I".
        for x in 0..<160 { plane.pixels[50 * 160 + x] = 255 }
        for y in 10..<50 { plane.pixels[y * 160 + 41] = 255 }
        let trace: (Int) -> Float? = { _ in 50 }
        #expect(Self.read(plane, ppm: 8, trace: trace) == nil)
    }

    @Test func namesFollowTheLayoutWhereNothingIsRead() {
        let names = LeadNaming.resolve(assumed: ["I", "aVR", "V1"], read: [nil, nil, nil], grid: [true, true, true])
        #expect(names.map(\.name) == ["I", "aVR", "V1"])
        #expect(names.allSatisfy { $0.source == .assumed })
    }

    @Test func namesReadOverrideTheLayout() {
        // Printed V1 where the standard order puts I; the lead that would have been V1 is read as nothing, so it
        // cannot keep "V1", and the one standard name left unused (I) goes to it.
        let assumed = LeadNaming.standard
        var read: [String?] = Array(repeating: nil, count: 12)
        read[0] = "V1"
        let names = LeadNaming.resolve(assumed: assumed, read: read, grid: Array(repeating: true, count: 12))
        #expect(names[0].name == "V1" && names[0].source == .read)
        #expect(names[6].name == "I" && names[6].source == .assumed)
        #expect(Set(names.map(\.name)).count == 12)
    }

    @Test func aNameReadTwiceInTheGridIsNotTrusted() {
        let names = LeadNaming.resolve(assumed: ["I", "II", "III"], read: ["I", "I", "III"], grid: [true, true, true])
        #expect(names.map(\.name) == ["I", "II", "III"])
        #expect(names.map(\.source) == [.assumed, .assumed, .read])
    }

    @Test func theRhythmStripMayRepeatALead() {
        let names = LeadNaming.resolve(assumed: ["I", "II", "II"], read: ["I", "II", "II"], grid: [true, true, false])
        #expect(names.map(\.name) == ["I", "II", "II"])
        let conflicting = LeadNaming.resolve(assumed: ["I", "II", "III"], read: ["II", nil, nil], grid: [true, true, true])
        #expect(conflicting.map(\.name) == ["II", "lead 2", "III"])
    }

    /// Six full-width rows without lead separators, labelled as a 6×2 page prints them (limb leads at the start,
    /// chest leads at the half): the names read mid-row show the 6×2 layout the row count alone does not.
    @Test func namesReadMidRowRevealASixByTwoPage() throws {
        let ppm = 6.0, rate = 250.0, cap = 15
        var paper = SyntheticPaper(pixelsPerMillimetre: ppm, widthMm: 280, heightMm: 175)
        paper.drawGrid(fine: DigitizerTests.red.fine, bold: DigitizerTests.red.bold)
        let signal = SyntheticPaper.ecg(seconds: 10, rate: rate, amplitude: 0.3)
        let x0 = 20.0
        for r in 0..<6 {
            let y0 = 30 + Double(r) * 25
            paper.drawTrace(signal, rate: rate, x0: x0, y0: y0, thickness: 1.5)
            for (column, name) in [(0, LeadNaming.standard[r]), (1, LeadNaming.standard[r + 6])] {
                var plane = GrayPlane(width: 120, height: 40)
                Self.drawLabel(LeadLabelReader.names.first { $0.name == name }!.glyphs, on: &plane, x: 5, y: 5, cap: cap)
                let left = Int(((x0 + Double(column) * 125 + 1) * ppm).rounded()) - 5
                let top = Int(((y0 - 9) * ppm).rounded()) - 5
                for y in 0..<plane.height {
                    for x in 0..<plane.width where plane[x, y] > 0 { paper.set(left + x, top + y, (0, 0, 0)) }
                }
            }
        }
        let ecg = try ECGDigitizer().digitize(try paper.image())
        #expect(ecg.layout == .sixByTwo)
        let expected = (0..<6).flatMap { [LeadNaming.standard[$0], LeadNaming.standard[$0 + 6]] }
        #expect(ecg.leads.map(\.name) == expected)
        #expect(ecg.leads.filter { $0.nameSource == .read }.count >= 10)
    }

    /// A lone "I" stands only beside another label of the page of similar height at the same height above its lead.
    @Test func aLoneIMustBeCorroborated() {
        typealias Reading = LeadLabelReader.Reading
        let ppm = 6.0
        // Zero levels 100 and 200 px; labels 72 px (12 mm) above them, 18 px high.
        let i = Reading(name: "I", distance: 0.1, box: [10, 28, 3, 18])
        let aVR = Reading(name: "aVR", distance: 0.1, box: [300, 128, 30, 18])
        let zero: [Float] = [100, 200]
        #expect(LeadLabelReader.corroborated([i, nil], zeroLevels: zero, pixelsPerMillimetre: ppm).map { $0?.name } == [nil, nil])
        #expect(LeadLabelReader.corroborated([i, aVR], zeroLevels: zero, pixelsPerMillimetre: ppm).map { $0?.name } == ["I", "aVR"])
        // Another "I" is no corroboration.
        #expect(LeadLabelReader.corroborated([i, i], zeroLevels: zero, pixelsPerMillimetre: ppm).map { $0?.name } == [nil, nil])
        // Twice the height, or 4 mm lower relative to its lead: not the same print.
        let tall = Reading(name: "aVR", distance: 0.1, box: [300, 128, 30, 36])
        #expect(LeadLabelReader.corroborated([i, tall], zeroLevels: zero, pixelsPerMillimetre: ppm).map { $0?.name } == [nil, "aVR"])
        let low = Reading(name: "aVR", distance: 0.1, box: [300, 152, 30, 18])
        #expect(LeadLabelReader.corroborated([i, low], zeroLevels: zero, pixelsPerMillimetre: ppm).map { $0?.name } == [nil, "aVR"])
        // Names other than "I" are never dropped.
        #expect(LeadLabelReader.corroborated([aVR, nil], zeroLevels: zero, pixelsPerMillimetre: ppm).map { $0?.name } == ["aVR", nil])
    }
}
