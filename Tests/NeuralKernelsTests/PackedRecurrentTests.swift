import Testing
@testable import NeuralKernels

/// The packed recurrent kernel (`RecurrentProduct.packed`, every instruction-set level this machine runs) against
/// the OpenBLAS product with the separate gate pass, on shapes whose units are and are not multiples of the 16-unit
/// panel, batches that do and do not fill its 4-sample groups, with and without return_sequences and initial states.
@Suite struct PackedRecurrentTests {
    /// Deterministic values in [-scale, scale).
    private static func values(_ count: Int, seed: UInt64, scale: Float = 0.5) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    private struct Run {
        var output: [Float]
        var cell: [Float]
    }

    private static func run(_ step: LSTMStep, batch: Int, input: [Float], initial: (h: [Float], c: [Float])?) -> Run {
        var output = [Float](repeating: .nan, count: batch * step.outputPerSample)
        var cell = [Float](repeating: .nan, count: batch * step.units)
        var scratch = [Float](repeating: .nan, count: batch * step.scratchPerSample)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                cell.withUnsafeMutableBufferPointer { cell in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        if let initial {
                            initial.h.withUnsafeBufferPointer { h in
                                initial.c.withUnsafeBufferPointer { c in
                                    step.run(batch: batch, input: input.baseAddress!, output: output.baseAddress!,
                                             scratch: scratch.baseAddress!, cellState: cell.baseAddress!,
                                             initialState: (h.baseAddress!, c.baseAddress!))
                                }
                            }
                        } else {
                            step.run(batch: batch, input: input.baseAddress!, output: output.baseAddress!,
                                     scratch: scratch.baseAddress!, cellState: cell.baseAddress!)
                        }
                    }
                }
            }
        }
        return Run(output: output, cell: cell)
    }

    @Test(arguments: [5, 16, 24, 40])
    func packedMatchesBLAS(units: Int) throws {
        let (steps, inputSize) = (7, 3)
        let kernel = Self.values(inputSize * 4 * units, seed: 1)
        let recurrent = Self.values(units * 4 * units, seed: 2)
        let bias = Self.values(4 * units, seed: 3)
        let products = [RecurrentProduct.blas] + SIMDLevel.supported.map { RecurrentProduct.packed($0) }
        let cases = [1, 3, 6].flatMap { batch in
            [true, false].flatMap { sequences in
                [false, true].flatMap { initial in LSTMVariant.allCases.map { (batch, sequences, initial, $0) } }
            }
        }
        for (batch, returnSequences, withInitial, variant) in cases {
            let input = Self.values(batch * steps * inputSize, seed: 4, scale: 2)
            let initial = withInitial
                ? (h: Self.values(batch * units, seed: 5), c: Self.values(batch * units, seed: 6)) : nil
            let runs = products.map { product in
                Self.run(LSTMStep(inputSize: inputSize, units: units, steps: steps, returnSequences: returnSequences,
                                  kernel: kernel, recurrentKernel: recurrent, bias: bias, variant: variant,
                                  recurrentProduct: product),
                         batch: batch, input: input, initial: initial)
            }
            for (product, run) in zip(products.dropFirst(), runs.dropFirst()) {
                for (name, got, want) in [("h", run.output, runs[0].output), ("c", run.cell, runs[0].cell)] {
                    let worst = zip(got, want).map { abs($0 - $1) }.max() ?? .nan
                    #expect(worst <= 1e-5, "\(product) \(name): units \(units), batch \(batch), sequences \(returnSequences), initial \(withInitial), \(variant): \(worst)")
                }
            }
        }
    }

    /// A sample's numbers do not depend on the samples run with it (4-sample groups, one-by-one tails): a batch
    /// gives the same bits whole or split over threads.
    @Test func samplesGiveTheSameBitsAloneAndInGroups() {
        let (steps, inputSize, units, batch) = (5, 3, 24, 6)
        for level in SIMDLevel.supported {
            let step = LSTMStep(inputSize: inputSize, units: units, steps: steps, returnSequences: true,
                                kernel: Self.values(inputSize * 4 * units, seed: 1),
                                recurrentKernel: Self.values(units * 4 * units, seed: 2),
                                bias: Self.values(4 * units, seed: 3), recurrentProduct: .packed(level))
            let input = Self.values(batch * steps * inputSize, seed: 4, scale: 2)
            let whole = Self.run(step, batch: batch, input: input, initial: nil).output
            for sample in 0..<batch {
                let alone = Self.run(step, batch: 1, input: Array(input[(sample * steps * inputSize)...].prefix(steps * inputSize)),
                                     initial: nil).output
                #expect(alone == Array(whole[(sample * steps * units)...].prefix(steps * units)), "\(level), sample \(sample)")
            }
        }
    }

    @Test func packingLaysGatesOutInPanels() {
        let units = 20
        let recurrent = (0..<(units * 4 * units)).map(Float.init)
        let step = LSTMStep(inputSize: 1, units: units, steps: 1, returnSequences: false, kernel: [Float](repeating: 0, count: 4 * units),
                            recurrentKernel: recurrent, bias: [Float](repeating: 0, count: 4 * units))
        // Two panels (units 0..<16, 16..<20 and zeros), each u · 4 · 16 floats.
        #expect(step.packedRecurrentKernel.count == 2 * units * 4 * 16)
        func packed(_ panel: Int, _ k: Int, _ gate: Int, _ lane: Int) -> Float {
            step.packedRecurrentKernel[((panel * units + k) * 4 + gate) * 16 + lane]
        }
        #expect(packed(0, 0, 0, 0) == recurrent[0])
        #expect(packed(0, 3, 2, 5) == recurrent[3 * 4 * units + 2 * units + 5])
        #expect(packed(1, 7, 3, 3) == recurrent[7 * 4 * units + 3 * units + 19])
        #expect(packed(1, 7, 3, 4) == 0)
    }
}
