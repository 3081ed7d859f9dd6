/// The QRS-enhanced signals the R-peak detector works on, all at the input's sample rate and length.
struct QRSEnhancer {
    /// Pass band of the QRS filter, Hz (Pan & Tompkins use 5–15 Hz; 3–20 Hz keeps wide ventricular and aberrated
    /// complexes, which carry their energy lower).
    static let lowCutoff = 3.0
    static let highCutoff = 20.0
    /// Moving-window integration width, seconds (≈ a normal QRS).
    static let integrationWindow = 0.100

    /// Band-passed lead (zero-phase, so QRS energy stays where the QRS is), same unit as the input.
    var bandpassed: [Float]
    /// |central difference| of `bandpassed`, per sample.
    var slope: [Float]
    /// Root of the centred moving average of the squared central difference (RMS slope): one smooth hump per QRS,
    /// linear in amplitude so that small beats next to large ectopics still clear the threshold.
    var integrated: [Float]

    init(_ x: [Float], sampleRate: Double) {
        let n = x.count
        bandpassed = SignalFilters.bandpass(
            x, sampleRate: sampleRate, low: Self.lowCutoff, high: Self.highCutoff, order: 2)
        slope = [Float](repeating: 0, count: n)
        var energy = [Float](repeating: 0, count: n)
        integrated = [Float](repeating: 0, count: n)
        guard n > 2 else { return }
        let width = max(1, Int((Self.integrationWindow * sampleRate).rounded()))
        let half = width / 2
        bandpassed.withUnsafeBufferPointer { bp in
            slope.withUnsafeMutableBufferPointer { slope in
                energy.withUnsafeMutableBufferPointer { energy in
                    for i in 1..<(n - 1) {
                        let d = (bp[i + 1] - bp[i - 1]) * 0.5
                        slope[i] = abs(d)
                        energy[i] = d * d
                    }
                }
            }
        }
        // integrated[c] = mean of energy over [c − half, c − half + width), by a running sum in Double.
        energy.withUnsafeBufferPointer { energy in
            integrated.withUnsafeMutableBufferPointer { out in
                var sum: Double = 0
                for i in 0..<(n + half) {
                    if i < n { sum += Double(energy[i]) }
                    if i >= width { sum -= Double(energy[i - width]) }
                    let centre = i - half
                    if centre >= 0 { out[centre] = Float((max(sum, 0) / Double(width)).squareRoot()) }
                }
            }
        }
    }
}
