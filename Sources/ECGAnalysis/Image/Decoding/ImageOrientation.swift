/// EXIF orientation (TIFF tag 0x0112): how the stored pixels must be turned to appear upright.
///
/// For a stored image of `W × H`, the upright pixel `(x, y)` comes from the stored pixel:
///
/// | value | transform | upright size | source of `(x, y)` |
/// |---|---|---|---|
/// | 1 | none | W × H | `(x, y)` |
/// | 2 | mirror left–right | W × H | `(W−1−x, y)` |
/// | 3 | rotate 180° | W × H | `(W−1−x, H−1−y)` |
/// | 4 | mirror top–bottom | W × H | `(x, H−1−y)` |
/// | 5 | transpose | H × W | `(y, x)` |
/// | 6 | rotate 90° clockwise | H × W | `(y, H−1−x)` |
/// | 7 | transverse | H × W | `(W−1−y, H−1−x)` |
/// | 8 | rotate 90° counter-clockwise | H × W | `(W−1−y, x)` |
enum ImageOrientation: Int, Sendable {
    case up = 1, mirrored, down, mirroredDown, transposed, rotatedClockwise, transverse, rotatedCounterClockwise

    /// True when the upright image swaps width and height.
    var swapsAxes: Bool { rawValue >= 5 }

    /// The upright pixels of a stored `width × height` RGB buffer.
    func apply(_ rgb: [UInt8], width: Int, height: Int) -> (rgb: [UInt8], width: Int, height: Int) {
        guard self != .up else { return (rgb, width, height) }
        let outWidth = swapsAxes ? height : width, outHeight = swapsAxes ? width : height
        var out = [UInt8](repeating: 0, count: rgb.count)
        rgb.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let (sx, sy): (Int, Int)
                        switch self {
                        case .up: (sx, sy) = (x, y)
                        case .mirrored: (sx, sy) = (width - 1 - x, y)
                        case .down: (sx, sy) = (width - 1 - x, height - 1 - y)
                        case .mirroredDown: (sx, sy) = (x, height - 1 - y)
                        case .transposed: (sx, sy) = (y, x)
                        case .rotatedClockwise: (sx, sy) = (y, height - 1 - x)
                        case .transverse: (sx, sy) = (width - 1 - y, height - 1 - x)
                        case .rotatedCounterClockwise: (sx, sy) = (width - 1 - y, x)
                        }
                        let s = 3 * (sy * width + sx), d = 3 * (y * outWidth + x)
                        dst[d] = src[s]
                        dst[d + 1] = src[s + 1]
                        dst[d + 2] = src[s + 2]
                    }
                }
            }
        }
        return (out, outWidth, outHeight)
    }
}
