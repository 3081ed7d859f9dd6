/// One 8-bit channel of an image, row-major from the top-left corner: `pixels[y · width + x]`.
///
/// The digitizer keeps every intermediate image in this form (one byte per pixel) so that its working memory stays
/// a fixed fraction of the decoded RGB image.
struct GrayPlane: Sendable {
    let width: Int
    let height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    init(width: Int, height: Int) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: 0, count: width * height))
    }

    subscript(x: Int, y: Int) -> UInt8 { pixels[y * width + x] }
}
