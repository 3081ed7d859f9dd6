import Testing
@testable import HDF5Reader

@Test func moduleLinks() {}
