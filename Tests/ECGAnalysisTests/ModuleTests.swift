import Testing
@testable import ECGAnalysis

@Test func moduleLinks() {}
