/// A wall-clock limit on one analysis, checked cooperatively: the analyzer calls ``check()`` between its stages
/// (after reading, after R-peak detection, before measurements), after every batch of beats through the model and
/// after every chunk of the chunked pipeline, and stops with ``ECGAnalysisError/timedOut(limit:)`` once the
/// deadline has passed. Work inside one stage is not interrupted, so an analysis can overrun its deadline by at
/// most the length of one stage (one model batch, one chunk, one image digitization).
public struct AnalysisDeadline: Sendable, Equatable {
    /// The instant after which the analysis stops.
    public let instant: ContinuousClock.Instant
    /// The limit the deadline was made from (reported in the error).
    public let limit: Duration

    /// A deadline `limit` from now.
    public init(after limit: Duration, from start: ContinuousClock.Instant = .now) {
        self.limit = limit
        self.instant = start.advanced(by: limit)
    }

    /// True once the deadline has passed.
    public var hasPassed: Bool { ContinuousClock.now >= instant }

    /// Throws ``ECGAnalysisError/timedOut(limit:)`` once the deadline has passed.
    public func check() throws(ECGAnalysisError) {
        if hasPassed { throw .timedOut(limit: limit) }
    }

    /// `limit` in seconds, for messages (up to three decimals, no trailing zeros).
    static func seconds(_ limit: Duration) -> String {
        let value = Double(limit.components.seconds) + Double(limit.components.attoseconds) * 1e-18
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
