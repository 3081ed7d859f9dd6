import Testing
@testable import NeuralKernels

@Test func moduleLinks() {}
