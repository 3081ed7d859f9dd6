/// Splits an RGB page into what the trace is made of and what the grid is made of, in one pass.
///
/// - `ink = 255 − max(R, G, B)`: high only where all three channels are dark. Black or dark-blue pen traces score
///   near 255; coloured grid lines (red, pink, green, blue) keep one bright channel and score low, so this removes
///   most of a coloured grid. Grey grids score in between and are split off by `InkThreshold`.
/// - `paper = 255 − min(R, G, B)`: high wherever the paper is coloured or dark, grid included; the periodic
///   part of its projections gives the grid pitch and the rotation.
struct InkSeparation {
    /// Trace-likeness per pixel, [height, width].
    let ink: GrayPlane
    /// Grid-or-ink darkness per pixel, [height, width].
    private(set) var paper: GrayPlane

    init(_ image: RasterImage) {
        let count = image.width * image.height
        var ink = [UInt8](repeating: 0, count: count)
        var paper = [UInt8](repeating: 0, count: count)
        image.rgb.withUnsafeBufferPointer { rgb in
            ink.withUnsafeMutableBufferPointer { inkOut in
                paper.withUnsafeMutableBufferPointer { paperOut in
                    for i in 0..<count {
                        let r = rgb[3 &* i], g = rgb[3 &* i &+ 1], b = rgb[3 &* i &+ 2]
                        inkOut[i] = 255 &- max(r, max(g, b))
                        paperOut[i] = 255 &- min(r, min(g, b))
                    }
                }
            }
        }
        self.ink = GrayPlane(width: image.width, height: image.height, pixels: ink)
        self.paper = GrayPlane(width: image.width, height: image.height, pixels: paper)
    }

    /// Clears `paper` where `ink` reaches the trace threshold, leaving the grid (and paper texture) only.
    mutating func removeTrace(threshold: UInt8) {
        ink.pixels.withUnsafeBufferPointer { ink in
            paper.pixels.withUnsafeMutableBufferPointer { paper in
                for i in 0..<paper.count where ink[i] >= threshold { paper[i] = 0 }
            }
        }
    }
}
