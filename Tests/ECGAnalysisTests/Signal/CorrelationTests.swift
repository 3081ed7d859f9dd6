import Testing
@testable import ECGAnalysis

@Suite struct CorrelationTests {
    @Test func pearsonAgainstNumPy() throws {
        let a: [Float] = [0.1, 0.5, -0.3, 2.0, 1.1], b: [Float] = [1.0, 0.7, 0.2, 3.5, -0.4]
        // numpy.corrcoef of the same float32 values, in double precision.
        let r = try #require(Correlation.pearson(a, b))
        #expect(abs(r - 0.658796945351488) < 1e-12)
        #expect(abs(try #require(Correlation.pearson(a, a.map { 3 * $0 - 1 })) - 1) < 1e-12)
        #expect(abs(try #require(Correlation.pearson(a, a.map { -$0 })) + 1) < 1e-12)
    }

    @Test func commonLengthAndFlatSeries() {
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [2, 4, 6]
        #expect(Correlation.pearson(a, b).map { abs($0 - 1) < 1e-12 } == true)   // over the first three
        #expect(Correlation.pearson(a, [Float](repeating: 5, count: 4)) == nil)
        #expect(Correlation.pearson([Float](), a) == nil)
        #expect(Correlation.pearson(a[1..<3], b[0..<2]).map { abs($0 - 1) < 1e-12 } == true)
    }
}
