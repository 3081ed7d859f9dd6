/// Where an image recording came from: the decoded image and everything the digitizer read off it.
public struct DigitizedImage: Sendable, Equatable {
    /// The file's format (by its signature).
    public var format: ImageFormat
    /// Size of the decoded, upright image, pixels.
    public var width: Int
    public var height: Int
    /// Resolution stated by the file, if any.
    public var dotsPerInch: Double?
    /// Every lead found, the grid and the layout.
    public var ecg: DigitizedECG

    public init(format: ImageFormat, width: Int, height: Int, dotsPerInch: Double?, ecg: DigitizedECG) {
        self.format = format
        self.width = width
        self.height = height
        self.dotsPerInch = dotsPerInch
        self.ecg = ecg
    }
}
