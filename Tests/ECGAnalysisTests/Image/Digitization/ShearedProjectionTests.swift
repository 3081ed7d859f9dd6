import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct ShearedProjectionTests {
    /// A mostly empty plane (sparse ink with a few dense strokes), reproducible.
    static func inkPlane(width: Int, height: Int, seed: UInt64) -> GrayPlane {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var plane = GrayPlane(width: width, height: height)
        for i in plane.pixels.indices where next() % 50 == 0 { plane.pixels[i] = UInt8(1 + next() % 255) }
        for x in 0..<width {   // a sloping trace with a thick stroke
            let y = height / 2 + Int(Double(x) * 0.03) + Int(8 * sin(Double(x) / 17))
            for dy in -2...2 where (0..<height).contains(y + dy) { plane.pixels[(y + dy) * width + x] = 255 }
        }
        return plane
    }

    @Test(arguments: [(640, 300, 1), (641, 257, 3), (1200, 500, 7)])
    func sparseRowProfileEqualsTheDenseOneBinForBin(width: Int, height: Int, stride: Int) {
        let plane = Self.inkPlane(width: width, height: height, seed: UInt64(width * height))
        let samples = SparseRows(plane, stride: stride)
        #expect(samples.values.count < plane.pixels.count / stride / 4)
        for degrees in [-5.0, -2.3, -0.1, 0, 0.1, 1.7, 5] {
            let t = tan(degrees * .pi / 180)
            let dense = ShearedProjection.profile(plane, axis: .rows, tangent: t, stride: stride)
            let sparse = ShearedProjection.rowProfile(samples, tangent: t)
            #expect(sparse.offset == dense.offset)
            #expect(sparse.values == dense.values, "tangent \(t)")
        }
    }

    @Test func anEmptyPlaneHasAFlatProfile() {
        let plane = GrayPlane(width: 100, height: 40)
        let sparse = ShearedProjection.rowProfile(SparseRows(plane, stride: 2), tangent: 0.05)
        #expect(sparse.values.allSatisfy { $0 == 0 })
        #expect(sparse.values.count == 40 + 2 * sparse.offset)
    }
}
