/// Max or average pooling with any stride and `valid` or `same` padding: `[B, L, C] → [B, Lout, C]`; output step
/// `t` covers input steps `t·stride − padLeft ..< t·stride − padLeft + size` clipped to the input (padding is
/// ignored: max and mean over real steps only, as Keras computes them).
struct Pool1DStep: Sendable {
    let kind: Pooling1DSpec.Kind
    let size: Int, stride: Int, padLeft: Int
    let inputLength: Int, outputLength: Int, channels: Int

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        for sample in 0..<batch {
            for position in 0..<outputLength {
                let y = output + (sample &* outputLength &+ position) &* channels
                let start = max(0, position &* stride &- padLeft)
                let end = min(inputLength, position &* stride &- padLeft &+ size)
                guard end > start else {
                    y.initialize(repeating: 0, count: channels)
                    continue
                }
                let x = input + sample &* inputLength &* channels
                y.update(from: x + start &* channels, count: channels)
                for step in (start + 1)..<max(start + 1, end) {
                    let row = x + step &* channels
                    switch kind {
                    case .max: for c in 0..<channels { y[c] = max(y[c], row[c]) }
                    case .average: for c in 0..<channels { y[c] += row[c] }
                    }
                }
                if kind == .average {
                    let scale = 1 / Float(end - start)
                    for c in 0..<channels { y[c] *= scale }
                }
            }
        }
    }
}
