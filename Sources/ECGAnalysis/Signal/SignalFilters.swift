import Foundation

/// Zero-phase preprocessing of ECG leads. Samples are in any unit (mV in this library); rates and cut-offs in Hz.
public enum SignalFilters {
    /// Zero-phase Butterworth band-pass, like `scipy.signal.butter(order, [low, high], btype="bandpass", fs=rate)`
    /// followed by `scipy.signal.filtfilt` with its default odd-extension padding (padlen = 3 · max(len(a), len(b))).
    /// Cut-offs outside (0, rate/2) are clamped: `high` at or above Nyquist makes it a high-pass at `low`.
    /// Returns the input unchanged when no valid band remains.
    public static func bandpass(_ x: [Float], sampleRate: Double, low: Double, high: Double, order: Int) -> [Float] {
        let nyquist = sampleRate / 2
        let band: Butterworth.Band
        if high < nyquist * 0.999 {
            band = low > 0 ? .bandpass(low, high) : .lowpass(high)
        } else if low > 0 {
            band = .highpass(low)
        } else {
            return x
        }
        guard let coefficients = Butterworth.design(order: order, band: band, sampleRate: sampleRate) else { return x }
        return coefficients.filtfilt(x)
    }

    /// Zero-phase Butterworth high-pass (`butter(order, cutoff, btype="highpass")` + `filtfilt`).
    public static func highpass(_ x: [Float], sampleRate: Double, cutoff: Double, order: Int) -> [Float] {
        guard let coefficients = Butterworth.design(order: order, band: .highpass(cutoff), sampleRate: sampleRate)
        else { return x }
        return coefficients.filtfilt(x)
    }

    /// Zero-phase Butterworth low-pass (`butter(order, cutoff, btype="lowpass")` + `filtfilt`).
    public static func lowpass(_ x: [Float], sampleRate: Double, cutoff: Double, order: Int) -> [Float] {
        guard let coefficients = Butterworth.design(order: order, band: .lowpass(cutoff), sampleRate: sampleRate)
        else { return x }
        return coefficients.filtfilt(x)
    }

    /// Zero-phase mains notch: `scipy.signal.iirnotch(frequency, quality, fs=rate)` (second-order, −3 dB width
    /// frequency / quality) applied with `filtfilt`. Returns the input unchanged if the frequency is not below Nyquist.
    public static func notch(_ x: [Float], sampleRate: Double, frequency: Double, quality: Double) -> [Float] {
        guard let coefficients = notchCoefficients(sampleRate: sampleRate, frequency: frequency, quality: quality)
        else { return x }
        return coefficients.filtfilt(x)
    }

    static func notchCoefficients(sampleRate: Double, frequency: Double, quality: Double) -> IIRCoefficients? {
        guard sampleRate > 0, frequency > 0, frequency < sampleRate / 2, quality > 0 else { return nil }
        let w0 = 2 * frequency / sampleRate
        let bandwidth = w0 / quality * Double.pi
        let beta = tan(bandwidth / 2)  // gb = 1/√2 makes the √(1 − gb²)/gb factor 1
        let gain = 1 / (1 + beta)
        let c = cos(w0 * Double.pi)
        return IIRCoefficients(b: [gain, -2 * c * gain, gain], a: [1, -2 * c * gain, 2 * gain - 1])
    }

    /// Anti-aliased resampling that keeps the duration: polyphase Kaiser-windowed sinc (see `Resampler`).
    /// Output length `ceil(x.count · to / from)`; unusable rates (≤ 0.01 Hz, non-finite) return `x` unchanged.
    public static func resample(_ x: [Float], from: Double, to: Double) -> [Float] {
        Resampler.resample(x, from: from, to: to)
    }
}
