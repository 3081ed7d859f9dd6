/// The image file formats the decoders read, told apart by their first bytes.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    /// PNG, decoded by libpng.
    case png
    /// JPEG (JFIF / EXIF), decoded by libjpeg-turbo.
    case jpeg
    /// Windows / OS/2 bitmap, parsed in Swift.
    case bmp

    /// Lower-case file extensions of each format.
    public var fileExtensions: [String] {
        switch self {
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .bmp: ["bmp"]
        }
    }

    /// The format whose extensions include `fileExtension` (case-insensitive), else nil.
    public init?(fileExtension: String) {
        let ext = fileExtension.lowercased()
        guard let match = Self.allCases.first(where: { $0.fileExtensions.contains(ext) }) else { return nil }
        self = match
    }

    /// The format whose signature starts `bytes`: `89 50 4E 47 0D 0A 1A 0A` (PNG), `FF D8 FF` (JPEG), or `BM` followed
    /// by a plausible DIB header size (BMP); nil otherwise.
    public init?<Bytes: Collection>(sniffing bytes: Bytes) where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(18))
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.count == 18, head[0] == 0x42, head[1] == 0x4D,
                  [12, 16, 40, 52, 56, 64, 108, 124].contains(Int(head[14]) | Int(head[15]) << 8), head[16] == 0, head[17] == 0 {
            self = .bmp
        } else {
            return nil
        }
    }
}
