import Testing
@testable import ECGAnalysis

@Suite("Trace sampler")
struct TraceSamplerTests {
    /// A 2-px line at rows 20–21 with a peak: the column before the apex column is the upstroke (rows 2–21), the apex
    /// column reaches as high (rows 2–8), the column after is the downstroke (rows 2–21).
    static func plane(apexRows: ClosedRange<Int>) -> GrayPlane {
        var plane = GrayPlane(width: 9, height: 30)
        for x in 0..<9 {
            let rows: ClosedRange<Int> = switch x {
            case 3, 5: 2...21
            case 4: apexRows
            default: 20...21
            }
            for y in rows { plane.pixels[y * plane.width + x] = 255 }
        }
        return plane
    }

    static func positions(_ plane: GrayPlane) -> [Float] {
        let runs = InkRuns(plane, threshold: 128, low: 128, rows: 0...(plane.height - 1), columns: 0..<plane.width,
                           maxLength: plane.height, preferredRow: 20)
        let path = (0..<plane.width).map { x -> Int32 in Int32(runs.runs(column: x).lowerBound) }
        return TraceSampler.positions(runs, path: path).rows
    }

    @Test func anApexSharedWithItsStrokesIsReadAsAPeak() {
        let rows = Self.positions(Self.plane(apexRows: 2...8))
        // Peak: top + (w − 1) / 2 with w = 2; the strokes either side keep their centres.
        #expect(rows[4] == 2.5)
        #expect(rows[3] > 8 && rows[5] > 8)
        #expect(abs(rows[0] - 20.5) < 0.01)
    }

    @Test func aTroughSharedWithItsStrokesIsReadAsATrough() {
        // Upside down: the same page flipped vertically.
        var plane = Self.plane(apexRows: 2...8)
        var flipped = GrayPlane(width: plane.width, height: plane.height)
        for y in 0..<plane.height { for x in 0..<plane.width {
            flipped.pixels[(plane.height - 1 - y) * plane.width + x] = plane.pixels[y * plane.width + x]
        } }
        plane = flipped
        let rows = Self.positions(plane)
        #expect(rows[4] == Float(plane.height - 1) - 2.5)
    }

    @Test func aThickVerticalEdgeIsNotAPeak() {
        // Columns 3 and 4 both span rows 2–21 (a 2-px-wide step edge, as of a calibration pulse): neither is a peak.
        var plane = GrayPlane(width: 9, height: 30)
        for x in 0..<9 {
            let rows: ClosedRange<Int> = x == 3 || x == 4 ? 2...21 : (x > 4 ? 2...3 : 20...21)
            for y in rows { plane.pixels[y * plane.width + x] = 255 }
        }
        let rows = Self.positions(plane)
        #expect(abs(rows[3] - 11.5) < 0.01 && abs(rows[4] - 11.5) < 0.01)
    }
}
