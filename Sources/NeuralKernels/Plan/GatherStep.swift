/// A per-sample rearrangement: output float `i` of each sample is input float `sources[i]` of that sample, or zero
/// where `sources[i]` is -1. Permute, RepeatVector, ZeroPadding1D, Cropping1D and UpSampling1D compile to it.
struct GatherStep: Sendable {
    let inputPerSample: Int
    /// One entry per output float of a sample.
    let sources: [Int]

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let outputPerSample = sources.count
        sources.withUnsafeBufferPointer { sources in
            for sample in 0..<batch {
                let x = input + sample &* inputPerSample, y = output + sample &* outputPerSample
                for index in 0..<outputPerSample {
                    let source = sources[index]
                    y[index] = source >= 0 ? x[source] : 0
                }
            }
        }
    }
}
