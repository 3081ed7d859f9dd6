/// Cuts model input windows around R peaks.
enum BeatWindows {
    /// Writes the windows of `peaks[range]` into `out` (row-major [range.count, window]): `signal[r − rIndex ..< r − rIndex + window]`,
    /// edge-replicated where the window leaves the signal, then normalised per window.
    /// Returns how many windows needed padding.
    @discardableResult
    static func fill(
        _ out: inout [Float], signal: [Float], peaks: ArraySlice<Int>, window: Int, rIndex: Int,
        normalisation: PreprocessingSidecar.Normalisation
    ) -> Int {
        precondition(out.count == peaks.count * window, "window buffer size")
        guard let last = signal.indices.last else { return 0 }
        var padded = 0
        out.withUnsafeMutableBufferPointer { buffer in
            signal.withUnsafeBufferPointer { x in
                for (row, r) in peaks.enumerated() {
                    let start = r - rIndex
                    let base = row * window
                    if start >= 0, start + window <= x.count {
                        for k in 0..<window { buffer[base + k] = x[start + k] }
                    } else {
                        padded += 1
                        for k in 0..<window { buffer[base + k] = x[min(max(start + k, 0), last)] }
                    }
                    guard normalisation == .windowZScore else { continue }
                    var sum: Float = 0
                    for k in 0..<window { sum += buffer[base + k] }
                    let mean = sum / Float(window)
                    var squares: Float = 0
                    for k in 0..<window { squares += (buffer[base + k] - mean) * (buffer[base + k] - mean) }
                    let scale = 1 / max((squares / Float(window)).squareRoot(), 1e-3)
                    for k in 0..<window { buffer[base + k] = (buffer[base + k] - mean) * scale }
                }
            }
        }
        return padded
    }

    /// max − min of `signal[r − rIndex ..< r − rIndex + window]`, edge-replicated like ``fill``; 0 for an empty signal.
    static func peakToPeak(signal: [Float], r: Int, window: Int, rIndex: Int) -> Float {
        guard let last = signal.indices.last, window > 0 else { return 0 }
        let start = r - rIndex
        var low = Float.infinity, high = -Float.infinity
        for k in 0..<window {
            let v = signal[min(max(start + k, 0), last)]
            low = min(low, v)
            high = max(high, v)
        }
        return high - low
    }
}
