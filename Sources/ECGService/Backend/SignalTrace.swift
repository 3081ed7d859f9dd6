#if Service
import Foundation

/// One lead of the analysed signal, as plotted by the web page.
public struct SignalTrace: Sendable, Equatable {
    /// Lead name, e.g. "MLII".
    public var lead: String
    /// Sampling rate in Hz.
    public var sampleRate: Double
    /// Samples in mV, in the input's own sampling (the same index space as the report's beat `sample`s).
    public var samples: [Float]

    public init(lead: String, sampleRate: Double, samples: [Float]) {
        self.lead = lead
        self.sampleRate = sampleRate
        self.samples = samples
    }
}
#endif
