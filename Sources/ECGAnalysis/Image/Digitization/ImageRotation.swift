import Foundation

/// Rotates a plane about its centre with bilinear interpolation, undoing a page rotation.
enum ImageRotation {
    /// The plane as it would look had the page been rotated by `−degrees` (counter-clockwise positive):
    /// output pixel `(x, y)` samples the input at `c + R(θ)·(x − c, y − c)` in screen coordinates,
    /// `x' = cx + dx cos θ + dy sin θ`, `y' = cy − dx sin θ + dy cos θ`. Outside the input reads as 0 (no ink).
    static func deskew(_ plane: GrayPlane, degrees: Double) -> GrayPlane {
        let theta = degrees * .pi / 180
        let c = cos(theta), s = sin(theta)
        let w = plane.width, h = plane.height
        let cx = Double(w - 1) / 2, cy = Double(h - 1) / 2
        var out = [UInt8](repeating: 0, count: w * h)
        plane.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let dy = Double(y) - cy
                    // Source position moves linearly along an output row: start + x · step.
                    var sx = cx + (-cx) * c + dy * s
                    var sy = cy - (-cx) * s + dy * c
                    let row = y * w
                    for x in 0..<w {
                        let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                        if x0 >= 0, y0 >= 0, x0 + 1 < w, y0 + 1 < h {
                            let fx = sx - Double(x0), fy = sy - Double(y0)
                            let i = y0 * w + x0
                            let top = Double(src[i]) * (1 - fx) + Double(src[i + 1]) * fx
                            let bottom = Double(src[i + w]) * (1 - fx) + Double(src[i + w + 1]) * fx
                            dst[row + x] = UInt8(top * (1 - fy) + bottom * fy + 0.5)
                        }
                        sx += c
                        sy -= s
                    }
                }
            }
        }
        return GrayPlane(width: w, height: h, pixels: out)
    }

    /// Maps a point of the deskewed plane back to the original image (the inverse of `deskew`'s sampling is the
    /// sampling itself: deskewed `(x, y)` shows original pixel `c + R(θ)·(x − c, y − c)`).
    static func originalPoint(x: Double, y: Double, width: Int, height: Int, degrees: Double) -> (x: Double, y: Double) {
        let theta = degrees * .pi / 180
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        let dx = x - cx, dy = y - cy
        return (cx + dx * cos(theta) + dy * sin(theta), cy - dx * sin(theta) + dy * cos(theta))
    }
}
