import _NeuralKernelsSIMD

/// MaxPooling1D, padding `valid`: `[B, L, C] → [B, (L − pool)/stride + 1, C]`, y[t, c] = max over the window
/// x[t·stride ..< t·stride + pool, c]. Runs `nk_max_pool1d` at the best instruction-set level here (16 channels
/// per vector).
struct MaxPool1DStep: Sendable {
    let poolSize: Int, stride: Int, inputLength: Int, channels: Int

    var outputLength: Int { (inputLength - poolSize) / stride + 1 }

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        nk_max_pool1d(SIMDLevel.best.cLevel, Int32(batch), Int32(inputLength), Int32(channels), Int32(poolSize),
                      Int32(stride), input, output)
    }
}
