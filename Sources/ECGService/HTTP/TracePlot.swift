#if Service
import Foundation

/// The analysed lead as sent for plotting (`trace` in a `/predict` answer with `include_trace`):
/// `{"duration_s": 10, "lead": "MLII", "sample_rate_hz": 360, "samples_mv": [-0.145, …], "truncated": false}` —
/// at most the first ``maxPlottedSeconds`` of the lead, samples in mV rounded to 1 µV (null when not finite).
/// `duration_s` is the whole lead's duration; `truncated` says whether `samples_mv` stops before its end.
public struct TracePlot: Sendable, Encodable, Equatable {
    /// Longest stretch put in a response, in seconds (the page plots the start of the recording).
    public static let maxPlottedSeconds = 60.0

    public var lead: String
    /// Sampling rate in Hz (1 when the trace's own rate is not a positive number).
    public var sampleRateHz: Double
    public var durationS: Double
    public var truncated: Bool
    public var samplesMv: [Double?]

    public init(_ trace: SignalTrace) {
        let rate = trace.sampleRate.isFinite && trace.sampleRate > 0 ? trace.sampleRate : 1
        let limit = Int(min(Double(trace.samples.count), (Self.maxPlottedSeconds * rate).rounded(.down)))
        lead = trace.lead
        sampleRateHz = rate
        durationS = Double(trace.samples.count) / rate
        truncated = limit < trace.samples.count
        samplesMv = trace.samples.prefix(limit).map(Self.microvoltRounded)
    }

    private enum CodingKeys: String, CodingKey {
        case lead, sampleRateHz, durationS, truncated, samplesMv
    }

    /// The same keys and values synthesized `Encodable` would write, by hand for speed: each sample goes through the
    /// container's `Double` entry point (or `encodeNil`), not the generic path `Optional<Double>` would take with a
    /// nested encoder per element, which dominates a minute of samples.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lead, forKey: .lead)
        try container.encode(sampleRateHz, forKey: .sampleRateHz)
        try container.encode(durationS, forKey: .durationS)
        try container.encode(truncated, forKey: .truncated)
        var samples = container.nestedUnkeyedContainer(forKey: .samplesMv)
        for sample in samplesMv {
            if let sample { try samples.encode(sample) } else { try samples.encodeNil() }
        }
    }

    /// `value` mV rounded half away from zero to three decimals (µV); nil when not finite or absurdly large
    /// (|v| ≥ 10⁹ mV). Values that round to zero give 0, never -0.
    static func microvoltRounded(_ value: Float) -> Double? {
        guard value.isFinite, abs(value) < 1e9 else { return nil }
        let microvolts = (Double(value) * 1000).rounded()
        return microvolts == 0 ? 0 : microvolts / 1000
    }
}
#endif
