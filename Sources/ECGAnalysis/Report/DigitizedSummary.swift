/// The `digitized` section of a report on an image: every lead read off the paper, the grid and scales used, the
/// layout, which lead was analysed and how sure the digitizer was of it.
public struct DigitizedSummary: Sendable, Encodable, Equatable {
    /// One digitized lead: `samples[i]` is the voltage at `start_s + i / sample_rate_hz` seconds.
    public struct Lead: Sendable, Encodable, Equatable {
        public var name: String
        /// "read": printed on the page and read there; "assumed": implied by the layout's standard order.
        public var nameSource: String
        /// Seconds from the left edge of the page's time axis.
        public var startS: Double
        /// mV, rounded to 0.1 µV.
        public var samples: [Double]
        /// 0…1.
        public var confidence: Double
        /// Where the samples lie in the uploaded image, for drawing them over it; nil when the digitizer does not say.
        public var placement: Placement?
    }

    /// An affine map from a lead's (time, value) to image pixels (top-left origin, EXIF orientation applied):
    /// sample `i` at `v` mV lies at `origin + (i / sample_rate_hz) · per_s + v · per_mv`. The vectors include the
    /// page rotation the digitizer removed.
    public struct Placement: Sendable, Encodable, Equatable {
        /// `[x, y]` of the lead's first sample at 0 mV.
        public var origin: [Double]
        /// `[dx, dy]` per second.
        public var perS: [Double]
        /// `[dx, dy]` per millivolt (`dy < 0`: up the page).
        public var perMv: [Double]

        init?(_ placement: LeadPlacement?) {
            guard let placement, placement.origin.count == 2, placement.perSecond.count == 2, placement.perMillivolt.count == 2,
                  (placement.origin + placement.perSecond + placement.perMillivolt).allSatisfy(\.isFinite) else { return nil }
            origin = placement.origin.map { $0.rounded(toPlaces: 2) }
            perS = placement.perSecond.map { $0.rounded(toPlaces: 4) }
            perMv = placement.perMillivolt.map { $0.rounded(toPlaces: 4) }
        }
    }

    /// The paper's scales.
    public struct Grid: Sendable, Encodable, Equatable {
        /// Image pixels per millimetre of paper.
        public var pxPerMm: Double
        /// Paper speed.
        public var mmPerS: Double
        /// Gain.
        public var mmPerMv: Double
        /// Rotation removed before reading the traces, degrees, counter-clockwise positive.
        public var rotationDeg: Double
    }

    /// The decoded image.
    public struct Image: Sendable, Encodable, Equatable {
        /// "png", "jpeg" or "bmp".
        public var format: String
        /// Upright size (EXIF orientation applied), pixels.
        public var width: Int
        public var height: Int
        /// Resolution stated by the file, if any.
        public var dpi: Double?
    }

    public var sampleRateHz: Double
    public var layout: String
    public var grid: Grid
    public var leads: [Lead]
    /// Index into `leads` of the analysed lead (the one `signal.lead` names).
    public var analysedLeadIndex: Int
    /// The analysed lead's digitization confidence, 0…1.
    public var confidence: Double
    public var image: Image

    /// The summary of `source`, whose lead `analysed` (by name and sample count) was analysed.
    init(_ source: DigitizedImage, analysed: ECGLead) {
        let ecg = source.ecg
        sampleRateHz = ecg.sampleRate
        layout = ecg.layout.rawValue
        grid = Grid(
            pxPerMm: ecg.grid.pixelsPerMillimetre.rounded(toPlaces: 4), mmPerS: ecg.grid.millimetresPerSecond,
            mmPerMv: ecg.grid.millimetresPerMillivolt, rotationDeg: ecg.grid.rotationDegrees.rounded(toPlaces: 3))
        leads = ecg.leads.map {
            Lead(
                name: $0.name, nameSource: $0.nameSource.rawValue, startS: $0.startSeconds.rounded(toPlaces: 4),
                samples: $0.samples.map { $0.isFinite ? Double($0).rounded(toPlaces: 4) : 0 },
                confidence: $0.confidence.rounded(toPlaces: 3), placement: Placement($0.placement))
        }
        // The recording cut companions to a common length, so match the analysed lead by name and prefix.
        analysedLeadIndex = ecg.leads.firstIndex {
            $0.name == analysed.name && $0.samples.count >= analysed.samples.count
                && $0.samples.prefix(analysed.samples.count).elementsEqual(analysed.samples)
        } ?? 0
        confidence = ecg.leads.isEmpty ? 0 : ecg.leads[analysedLeadIndex].confidence.rounded(toPlaces: 3)
        image = Image(format: source.format.rawValue, width: source.width, height: source.height, dpi: source.dotsPerInch)
    }
}
