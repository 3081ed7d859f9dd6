/// PReLU with its alpha expanded to the whole per-sample shape at compile time: `y = x ≥ 0 ? x : alpha[i]·x`.
struct PReLUStep: Sendable {
    /// One alpha per float of a sample.
    let alpha: [Float]

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let count = alpha.count
        alpha.withUnsafeBufferPointer { alpha in
            for sample in 0..<batch {
                let x = input + sample &* count, y = output + sample &* count
                for index in 0..<count { y[index] = x[index] >= 0 ? x[index] : alpha[index] * x[index] }
            }
        }
    }
}
