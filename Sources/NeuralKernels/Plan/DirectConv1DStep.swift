/// Conv1D with any stride, dilation, groups and padding, as direct loops (the case the GEMM paths of `Conv1DStep`
/// do not cover): `[B, L, cin] → [B, Lout, cout]`, kernel `[k, cin/groups, cout]`,
/// `y[t, f] = Σ_j Σ_c x[t·stride + j·dilation − padLeft, g·cin/groups + c] · kernel[j, c, f]` (g the group of f,
/// positions outside the input count as zero), then the epilogue.
struct DirectConv1DStep: Sendable {
    let kernelSize: Int, stride: Int, dilation: Int, groups: Int
    let inputLength: Int, inputChannels: Int, outputLength: Int, outputChannels: Int, padLeft: Int
    let kernel: [Float]
    var epilogue: Epilogue

    /// Multiply-add FLOPs per sample.
    var flopsPerSample: Int { 2 * outputLength * kernelSize * (inputChannels / groups) * outputChannels }

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (cin, cout) = (inputChannels, outputChannels)
        let (groupChannels, groupFilters) = (cin / groups, cout / groups)
        kernel.withUnsafeBufferPointer { kernel in
            guard let w = kernel.baseAddress else { return }
            for sample in 0..<batch {
                for position in 0..<outputLength {
                    let y = output + (sample &* outputLength &+ position) &* cout
                    y.initialize(repeating: 0, count: cout)
                    for tap in 0..<kernelSize {
                        let source = position &* stride &+ tap &* dilation &- padLeft
                        guard source >= 0, source < inputLength else { continue }
                        let x = input + (sample &* inputLength &+ source) &* cin
                        for group in 0..<groups {
                            for channel in 0..<groupChannels {
                                let value = x[group &* groupChannels &+ channel]
                                let offset: Int = (tap &* groupChannels &+ channel) &* cout &+ group &* groupFilters
                                let row = w + offset
                                let target = y + (group &* groupFilters)
                                for filter in 0..<groupFilters { target[filter] += value * row[filter] }
                            }
                        }
                    }
                }
            }
        }
        epilogue.apply(from: output, to: output, rows: batch &* outputLength, channels: cout)
    }
}
