/// P, QRS and T onset, peak and offset of one beat, as sample positions in the input's own sampling
/// (fractional internally; reported rounded). A point that could not be found is nil.
///
/// Encodes as `{"p_on", "p_peak", "p_off", "qrs_on", "qrs_off", "t_peak", "t_off"}`, integers or null. The encoding
/// is written by hand because the wire form differs from the stored one: positions are kept fractional but sent
/// rounded to whole samples, and the amplitudes (used by the interval checks) and `pFaint` are not part of the report.
public struct BeatWaves: Sendable, Equatable, Encodable {
    public var pOnset: Double?
    public var pPeak: Double?
    public var pOffset: Double?
    public var qrsOnset: Double?
    public var qrsOffset: Double?
    public var tPeak: Double?
    public var tOffset: Double?
    /// P- and T-wave peak amplitude above the PR-segment level, mV (sign kept: negative for inverted waves).
    public var pAmplitude: Float?
    public var tAmplitude: Float?
    /// The P wave stands out only against the P window without its last 40 ms, where the QRS's first slope already
    /// reaches on the P wave's scale: faint atrial activity, good for the PR, not counted by the rhythm rules.
    public var pFaint: Bool

    public init(
        pOnset: Double? = nil, pPeak: Double? = nil, pOffset: Double? = nil, qrsOnset: Double? = nil,
        qrsOffset: Double? = nil, tPeak: Double? = nil, tOffset: Double? = nil, pAmplitude: Float? = nil,
        tAmplitude: Float? = nil, pFaint: Bool = false
    ) {
        self.pOnset = pOnset
        self.pPeak = pPeak
        self.pOffset = pOffset
        self.qrsOnset = qrsOnset
        self.qrsOffset = qrsOffset
        self.tPeak = tPeak
        self.tOffset = tOffset
        self.pAmplitude = pAmplitude
        self.tAmplitude = tAmplitude
        self.pFaint = pFaint
    }

    /// The seven fiducial points, in `Fiducial.allCases` order.
    public subscript(point: Fiducial) -> Double? {
        get {
            switch point {
            case .pOnset: pOnset
            case .pPeak: pPeak
            case .pOffset: pOffset
            case .qrsOnset: qrsOnset
            case .qrsOffset: qrsOffset
            case .tPeak: tPeak
            case .tOffset: tOffset
            }
        }
        set {
            switch point {
            case .pOnset: pOnset = newValue
            case .pPeak: pPeak = newValue
            case .pOffset: pOffset = newValue
            case .qrsOnset: qrsOnset = newValue
            case .qrsOffset: qrsOffset = newValue
            case .tPeak: tPeak = newValue
            case .tOffset: tOffset = newValue
            }
        }
    }

    /// This beat with the P wave (onset, peak, offset, amplitude, faintness) of `other`, or with none when nil.
    func withPWave(of other: BeatWaves?) -> BeatWaves {
        var copy = self
        copy.pOnset = other?.pOnset
        copy.pPeak = other?.pPeak
        copy.pOffset = other?.pOffset
        copy.pAmplitude = other?.pAmplitude
        copy.pFaint = other?.pFaint ?? false
        return copy
    }

    /// Every position multiplied by `factor` (rate conversion) and moved by `offset` samples.
    func mapped(scale factor: Double, offset: Double = 0) -> BeatWaves {
        var copy = self
        for point in Fiducial.allCases { copy[point] = self[point].map { $0 * factor + offset } }
        return copy
    }

    enum CodingKeys: String, CodingKey {
        case pOnset = "p_on", pPeak = "p_peak", pOffset = "p_off", qrsOnset = "qrs_on", qrsOffset = "qrs_off"
        case tPeak = "t_peak", tOffset = "t_off"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func rounded(_ value: Double?) -> Int? { value.map { Int($0.rounded()) } }
        try c.encode(rounded(pOnset), forKey: .pOnset)
        try c.encode(rounded(pPeak), forKey: .pPeak)
        try c.encode(rounded(pOffset), forKey: .pOffset)
        try c.encode(rounded(qrsOnset), forKey: .qrsOnset)
        try c.encode(rounded(qrsOffset), forKey: .qrsOffset)
        try c.encode(rounded(tPeak), forKey: .tPeak)
        try c.encode(rounded(tOffset), forKey: .tOffset)
    }
}

/// The fiducial points a delineator reports and the QT Database annotates.
public enum Fiducial: String, Sendable, CaseIterable, Codable {
    case pOnset = "P onset", pPeak = "P peak", pOffset = "P offset"
    case qrsOnset = "QRS onset", qrsOffset = "QRS offset", tPeak = "T peak", tOffset = "T offset"
}
