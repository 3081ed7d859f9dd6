/// Where a lead lies in the original image: an affine map from (time, value) to pixels.
///
/// Sample `i` of the lead (time `t = i / sampleRate` seconds from the lead's first sample, value `v` mV) was read at
/// original-image pixel `(x, y) = origin + t · perSecond + v · perMillivolt`. The vectors include the page rotation
/// that was removed, so a viewer draws the digitized trace straight over the uploaded image.
public struct LeadPlacement: Sendable, Equatable, Codable {
    /// Pixel of the first sample at 0 mV, `[x, y]`, top-left origin.
    public var origin: [Double]
    /// Pixel step per second along the time axis, `[dx, dy]`.
    public var perSecond: [Double]
    /// Pixel step per millivolt, `[dx, dy]` (points up the page: `dy < 0` when unrotated).
    public var perMillivolt: [Double]

    public init(origin: [Double], perSecond: [Double], perMillivolt: [Double]) {
        self.origin = origin
        self.perSecond = perSecond
        self.perMillivolt = perMillivolt
    }

    /// Image pixel of value `v` mV at `t` seconds after the lead's first sample.
    public func point(time t: Double, millivolts v: Double) -> (x: Double, y: Double) {
        (origin[0] + t * perSecond[0] + v * perMillivolt[0], origin[1] + t * perSecond[1] + v * perMillivolt[1])
    }
}
