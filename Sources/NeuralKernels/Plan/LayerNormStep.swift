/// LayerNormalization over the last axis: each row of `width` floats becomes
/// `(x − mean) / sqrt(variance + epsilon) · gamma + beta` (the planner moves other normalised axes last first).
struct LayerNormStep: Sendable {
    let rowsPerSample: Int, width: Int
    let epsilon: Float
    let gamma: [Float], beta: [Float]

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        gamma.withUnsafeBufferPointer { gamma in
            beta.withUnsafeBufferPointer { beta in
                for row in 0..<(batch &* rowsPerSample) {
                    let x = input + row &* width, y = output + row &* width
                    var mean: Float = 0
                    for j in 0..<width { mean += x[j] }
                    mean /= Float(width)
                    var variance: Float = 0
                    for j in 0..<width { variance += (x[j] - mean) * (x[j] - mean) }
                    let inverse = 1 / (variance / Float(width) + epsilon).squareRoot()
                    for j in 0..<width { y[j] = (x[j] - mean) * inverse * gamma[j] + beta[j] }
                }
            }
        }
    }
}
