import Testing
@testable import NeuralKernels

/// Every Conv1D variant (per-tap GEMM, im2col + GEMM, the packed GEMM that reads overlapping rows of the padded
/// input) against the direct loops, on shapes whose channel counts do and do not fill the 32-column panels and whose
/// row counts do and do not fill the packed kernel's row groups, with every kind of epilogue (the packed GEMM applies
/// bias, ReLU and a fused BatchNormalization in registers, and any other activation after).
@Suite struct Conv1DVariantTests {
    private static func values(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(state >> 40) / Float(1 << 24) - 0.5
        }
    }

    private static func run(_ step: Conv1DStep, batch: Int, input: [Float]) -> [Float] {
        var output = [Float](repeating: .nan, count: batch * step.outputLength * step.outputChannels)
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

    @Test(arguments: [(1, 16, 7), (3, 5, 3), (16, 32, 5), (33, 40, 1), (32, 64, 4)])
    func variantsMatchDirectLoops(inputChannels: Int, outputChannels: Int, kernelSize: Int) {
        let length = 29
        let kernel = Self.values(kernelSize * inputChannels * outputChannels, seed: 1)
        let paddings = [(0, 0), ((kernelSize - 1) / 2, kernelSize / 2), (kernelSize - 1, 0)]
        let epilogues = Self.epilogues(channels: outputChannels)
        let cases = [1, 3].flatMap { batch in paddings.flatMap { padding in epilogues.map { (batch, padding, $0) } } }
        for (batch, (padLeft, padRight), (name, epilogue)) in cases {
            let input = Self.values(batch * length * inputChannels, seed: 3)
            func step(_ variant: Conv1DVariant) -> Conv1DStep {
                Conv1DStep(kernelSize: kernelSize, inputChannels: inputChannels, outputChannels: outputChannels,
                           inputLength: length, padLeft: padLeft, padRight: padRight, kernel: kernel,
                           epilogue: epilogue, variant: variant)
            }
            let expected = Self.run(step(.direct), batch: batch, input: input)
            #expect(!expected.contains { $0.isNaN })
            for variant in Conv1DVariant.allCases where variant != .direct {
                let got = Self.run(step(variant), batch: batch, input: input)
                let worst = zip(got, expected).map { abs($0 - $1) }.max() ?? .nan
                #expect(worst <= 1e-5, "\(variant), \(name), batch \(batch), padding \(padLeft)/\(padRight): \(worst)")
            }
        }
    }

    /// Bias + ReLU; no bias, linear; BatchNormalization after the ReLU; ReLU after the BatchNormalization; tanh (not
    /// fused into the packed GEMM) with a BatchNormalization.
    static func epilogues(channels: Int) -> [(String, Epilogue)] {
        let bias = values(channels, seed: 2)
        var afterReLU = Epilogue(bias: bias, activation: .plainReLU)
        (afterReLU.scale, afterReLU.shift) = (values(channels, seed: 5).map { $0 + 1 }, values(channels, seed: 6))
        var reluLast = afterReLU
        reluLast.activationLast = true
        var tanh = afterReLU
        tanh.activation = .tanh
        return [("bias + ReLU", Epilogue(bias: bias, activation: .plainReLU)),
                ("linear", Epilogue(bias: nil, activation: .linear)),
                ("ReLU then BN", afterReLU), ("BN then ReLU", reluLast), ("tanh then BN", tanh)]
    }
}
