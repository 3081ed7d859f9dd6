/// Signal power in the ECG band (0.5–40 Hz) and above it (40 Hz – min(150, 0.45 · rate)), both from order-2
/// zero-phase Butterworth filters, accumulated block by block in sample order:
/// `ratio = Σ high² / Σ band²`, rounded to 4 places (nil when the band holds no power).
struct BandPowers {
    let sampleRate: Double
    private(set) var band = 0.0
    private(set) var high = 0.0

    init(sampleRate: Double) { self.sampleRate = sampleRate }

    /// Adds the samples of `core` (indices into `x`); `x` should reach past `core` by the filters' settling time on
    /// both sides, or to the lead's edges.
    mutating func add(_ x: [Float], core: Range<Int>) {
        let bandPassed = SignalFilters.bandpass(x, sampleRate: sampleRate, low: 0.5, high: 40, order: 2)
        let highPassed = SignalFilters.bandpass(x, sampleRate: sampleRate, low: 40, high: min(150, 0.45 * sampleRate), order: 2)
        for i in core {
            band += Double(bandPassed[i]) * Double(bandPassed[i])
            high += Double(highPassed[i]) * Double(highPassed[i])
        }
    }

    var ratio: Double? { band > 0 ? (high / band).rounded(toPlaces: 4) : nil }
}
