import Testing
@testable import NeuralKernels

/// The packed GEMM with its fused epilogue (`MatrixProduct.packed`, every instruction-set level this machine runs)
/// against OpenBLAS with the separate epilogue pass: Dense layers and an LSTM's input projection, on shapes whose
/// columns do and do not fill the 32-column panels (and whose rows do and do not fill the row groups).
@Suite struct PackedMatrixTests {
    private static func values(_ count: Int, seed: UInt64, scale: Float = 0.5) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Float(state >> 40) / Float(1 << 24) * 2 - 1) * scale
        }
    }

    private static func run(_ step: DenseStep, batch: Int, input: [Float]) -> [Float] {
        var output = [Float](repeating: .nan, count: batch * step.rowsPerSample * step.units)
        input.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { output in
                step.run(batch: batch, input: input.baseAddress!, output: output.baseAddress!)
            }
        }
        return output
    }

    @Test(arguments: [(1, 5), (5, 16), (32, 32), (33, 40), (64, 70)])
    func denseMatchesBLAS(inputSize: Int, units: Int) {
        let kernel = Self.values(inputSize * units, seed: 1)
        let packedProducts = MatrixProduct.supported.filter { $0 != .blas }
        #expect(packedProducts.count == SIMDLevel.supported.count)
        for (name, epilogue) in Conv1DVariantTests.epilogues(channels: units) {
            for (batch, rowsPerSample) in [(1, 1), (3, 1), (9, 1), (2, 7)] {
                let input = Self.values(batch * rowsPerSample * inputSize, seed: 3, scale: 2)
                func step(_ product: MatrixProduct) -> DenseStep {
                    DenseStep(inputSize: inputSize, units: units, rowsPerSample: rowsPerSample, kernel: kernel,
                              epilogue: epilogue, product: product)
                }
                let expected = Self.run(step(.blas), batch: batch, input: input)
                #expect(!expected.contains { $0.isNaN })
                for product in packedProducts {
                    let got = Self.run(step(product), batch: batch, input: input)
                    let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? .nan
                    #expect(worst <= 1e-5, "\(product), \(name), batch \(batch) × \(rowsPerSample): \(worst)")
                }
            }
        }
    }

    @Test(arguments: [5, 16, 24])
    func lstmInputProjectionMatchesBLAS(units: Int) {
        let (steps, inputSize) = (6, 9)
        let kernel = Self.values(inputSize * 4 * units, seed: 1)
        let recurrent = Self.values(units * 4 * units, seed: 2)
        let bias = Self.values(4 * units, seed: 3)
        for variant in LSTMVariant.allCases {
            for batch in [1, 5] {
                let input = Self.values(batch * steps * inputSize, seed: 4, scale: 2)
                func run(_ product: MatrixProduct) -> [Float] {
                    let step = LSTMStep(inputSize: inputSize, units: units, steps: steps, returnSequences: true,
                                        kernel: kernel, recurrentKernel: recurrent, bias: bias, variant: variant,
                                        recurrentProduct: .blas, inputProduct: product)
                    var output = [Float](repeating: .nan, count: batch * step.outputPerSample)
                    var scratch = [Float](repeating: .nan, count: batch * step.scratchPerSample)
                    input.withUnsafeBufferPointer { input in
                        output.withUnsafeMutableBufferPointer { output in
                            scratch.withUnsafeMutableBufferPointer { scratch in
                                step.run(batch: batch, input: input.baseAddress!, output: output.baseAddress!,
                                         scratch: scratch.baseAddress!)
                            }
                        }
                    }
                    return output
                }
                let expected = run(.blas)
                #expect(!expected.contains { $0.isNaN })
                for product in MatrixProduct.supported where product != .blas {
                    let worst = zip(run(product), expected).map { abs($0 - $1) }.max() ?? .nan
                    #expect(worst <= 1e-5, "\(product), \(variant), batch \(batch): \(worst)")
                }
            }
        }
    }

    /// The packing: panel p holds columns 32p ..< 32p + 32 of every row, zeros past the last column.
    @Test func packingLaysColumnsOutInPanels() {
        let (depth, columns) = (3, 40)
        let matrix = (0..<(depth * columns)).map(Float.init)
        let packed = PackedMatrix(packing: matrix, depth: depth, columns: columns)
        #expect(packed.values.count == depth * 2 * 32)
        #expect(packed.values[0] == matrix[0])
        #expect(packed.values[2 * 32 + 31] == matrix[2 * columns + 31])
        #expect(packed.values[(depth + 1) * 32 + 7] == matrix[1 * columns + 39])
        #expect(packed.values[(depth + 1) * 32 + 8] == 0)
    }
}
