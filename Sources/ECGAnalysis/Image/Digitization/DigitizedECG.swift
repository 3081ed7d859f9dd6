/// The signals read off an ECG image, in physical units, with how they were found.
public struct DigitizedECG: Sendable, Equatable {
    /// Sample rate of every lead's `samples`, Hz.
    public var sampleRate: Double
    /// The leads found, in reading order (row by row, left to right; the rhythm strip last).
    public var leads: [DigitizedLead]
    /// The paper grid and the scales used to convert pixels to seconds and millivolts.
    public var grid: PaperGrid
    /// The arrangement of leads on the page.
    public var layout: ECGPageLayout

    public init(sampleRate: Double, leads: [DigitizedLead], grid: PaperGrid, layout: ECGPageLayout) {
        self.sampleRate = sampleRate
        self.leads = leads
        self.grid = grid
        self.layout = layout
    }
}

/// One lead read off the image.
public struct DigitizedLead: Sendable, Equatable {
    /// Printed lead name when it was read or implied by the layout ("I", "II", … "V6"), else "strip N" (or "lead N"
    /// where the names read contradict the layout's order).
    public var name: String
    /// Whether `name` was read from the page or assumed from the layout.
    public var nameSource: LeadNameSource
    /// Time of the first sample from the left edge of the page's time axis, seconds.
    public var startSeconds: Double
    /// Samples in mV at `DigitizedECG.sampleRate`, baseline at 0.
    public var samples: [Float]
    /// 0…1: how sure the digitizer is that `samples` follow the ink (trace continuity, contrast, columns found).
    public var confidence: Double
    /// Where the samples were read in the image (for drawing them over it); nil when not known.
    public var placement: LeadPlacement?

    public init(name: String, startSeconds: Double, samples: [Float], confidence: Double, placement: LeadPlacement? = nil,
                nameSource: LeadNameSource = .assumed) {
        self.name = name
        self.nameSource = nameSource
        self.startSeconds = startSeconds
        self.samples = samples
        self.confidence = confidence
        self.placement = placement
    }
}

/// The ECG paper's grid and scales.
public struct PaperGrid: Sendable, Equatable {
    /// Image pixels per millimetre of paper (one small grid square).
    public var pixelsPerMillimetre: Double
    /// Paper speed, mm/s (25 unless the page says otherwise).
    public var millimetresPerSecond: Double
    /// Gain, mm/mV (10 unless a calibration pulse or printed setting says otherwise).
    public var millimetresPerMillivolt: Double
    /// Rotation that was removed, degrees, counter-clockwise positive.
    public var rotationDegrees: Double

    public init(pixelsPerMillimetre: Double, millimetresPerSecond: Double, millimetresPerMillivolt: Double, rotationDegrees: Double) {
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.millimetresPerSecond = millimetresPerSecond
        self.millimetresPerMillivolt = millimetresPerMillivolt
        self.rotationDegrees = rotationDegrees
    }
}

/// How the leads are arranged on the page.
public enum ECGPageLayout: String, Sendable, Codable, Equatable {
    /// One strip across the page.
    case singleStrip = "single_strip"
    /// Several full-width strips, one lead each.
    case strips
    /// Three rows of four 2.5-s leads (I II III / aVR aVL aVF / V1–V3 / V4–V6) plus a full-width rhythm strip.
    case threeByFourWithRhythm = "3x4+rhythm"
    /// Three rows of four leads, no rhythm strip.
    case threeByFour = "3x4"
    /// Six rows of two 5-s leads.
    case sixByTwo = "6x2"
    /// Twelve full-width rows.
    case twelveByOne = "12x1"
}
