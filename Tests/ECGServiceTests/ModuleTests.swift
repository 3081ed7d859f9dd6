import Testing
@testable import ECGService

@Test func moduleLinks() {}
