import Foundation
@testable import ECGAnalysis

/// Draws ECG paper (grid, calibration pulses, traces) into an RGB buffer, in millimetre coordinates, so the
/// digitizer can be tested on images whose true signal, scale and rotation are known exactly.
struct SyntheticPaper {
    let pixelsPerMillimetre: Double
    let widthMm: Double
    let heightMm: Double
    var rgb: [UInt8]
    var width: Int { Int((widthMm * pixelsPerMillimetre).rounded()) }
    var height: Int { Int((heightMm * pixelsPerMillimetre).rounded()) }

    init(pixelsPerMillimetre: Double, widthMm: Double, heightMm: Double) {
        self.pixelsPerMillimetre = pixelsPerMillimetre
        self.widthMm = widthMm
        self.heightMm = heightMm
        let w = Int((widthMm * pixelsPerMillimetre).rounded()), h = Int((heightMm * pixelsPerMillimetre).rounded())
        rgb = [UInt8](repeating: 255, count: w * h * 3)
    }

    /// Fine lines every millimetre, bold lines every 5 mm, one pixel wide.
    mutating func drawGrid(fine: (UInt8, UInt8, UInt8), bold: (UInt8, UInt8, UInt8)) {
        for pass in [false, true] {
            for i in 0...Int(widthMm) where (i % 5 == 0) == pass {
                let x = Int((Double(i) * pixelsPerMillimetre).rounded())
                for y in 0..<height { set(x, y, pass ? bold : fine) }
            }
            for j in 0...Int(heightMm) where (j % 5 == 0) == pass {
                let y = Int((Double(j) * pixelsPerMillimetre).rounded())
                for x in 0..<width { set(x, y, pass ? bold : fine) }
            }
        }
    }

    /// A polyline through `points` (mm), `thickness` pixels wide, black.
    mutating func drawPolyline(_ points: [(Double, Double)], thickness: Double) {
        let radius = thickness / 2
        for (a, b) in zip(points, points.dropFirst()) {
            let dx = (b.0 - a.0) * pixelsPerMillimetre, dy = (b.1 - a.1) * pixelsPerMillimetre
            let steps = max(1, Int((dx * dx + dy * dy).squareRoot() * 3))
            for s in 0...steps {
                let f = Double(s) / Double(steps)
                let x = (a.0 * pixelsPerMillimetre + f * dx), y = (a.1 * pixelsPerMillimetre + f * dy)
                for yy in Int((y - radius).rounded(.down))...Int((y + radius).rounded(.up)) {
                    for xx in Int((x - radius).rounded(.down))...Int((x + radius).rounded(.up)) {
                        let ex = Double(xx) - x, ey = Double(yy) - y
                        if ex * ex + ey * ey <= radius * radius + 0.25 { set(xx, yy, (0, 0, 0)) }
                    }
                }
            }
        }
    }

    /// Signal `samples` (mV at `rate`) from `x0` mm on the baseline `y0` mm, at 25 mm/s and `gain` mm/mV.
    mutating func drawTrace(_ samples: [Double], rate: Double, x0: Double, y0: Double, gain: Double = 10,
                            thickness: Double = 2) {
        let points = samples.enumerated().map { (x0 + Double($0.offset) / rate * 25, y0 - $0.element * gain) }
        drawPolyline(points, thickness: thickness)
    }

    /// The 1 mV calibration pulse ending 1 mm before `x0`.
    mutating func drawPulse(x0: Double, y0: Double, gain: Double = 10, thickness: Double = 2) {
        let s = x0 - 8
        drawPolyline([(s, y0), (s + 1, y0), (s + 1, y0 - gain), (s + 6, y0 - gain), (s + 6, y0), (s + 7, y0)],
                     thickness: thickness)
    }

    mutating func set(_ x: Int, _ y: Int, _ c: (UInt8, UInt8, UInt8)) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = 3 * (y * width + x)
        rgb[i] = c.0
        rgb[i + 1] = c.1
        rgb[i + 2] = c.2
    }

    /// The page rotated counter-clockwise by `degrees` about its centre (bilinear, white outside).
    func image(rotatedBy degrees: Double = 0, dotsPerInch: Double? = nil) throws -> RasterImage {
        guard degrees != 0 else { return try RasterImage(width: width, height: height, rgb: rgb, dotsPerInch: dotsPerInch) }
        let t = degrees * .pi / 180, c = cos(t), s = sin(t)
        let cx = Double(width - 1) / 2, cy = Double(height - 1) / 2
        var out = [UInt8](repeating: 255, count: rgb.count)
        for y in 0..<height {
            for x in 0..<width {
                // Output pixel shows the source point rotated back (clockwise) about the centre.
                let dx = Double(x) - cx, dy = Double(y) - cy
                let sx = cx + dx * c - dy * s, sy = cy + dx * s + dy * c
                let x0 = Int(sx.rounded(.down)), y0 = Int(sy.rounded(.down))
                guard x0 >= 0, y0 >= 0, x0 + 1 < width, y0 + 1 < height else { continue }
                let fx = sx - Double(x0), fy = sy - Double(y0)
                for ch in 0..<3 {
                    func p(_ xx: Int, _ yy: Int) -> Double { Double(rgb[3 * (yy * width + xx) + ch]) }
                    let v = (p(x0, y0) * (1 - fx) + p(x0 + 1, y0) * fx) * (1 - fy)
                        + (p(x0, y0 + 1) * (1 - fx) + p(x0 + 1, y0 + 1) * fx) * fy
                    out[3 * (y * width + x) + ch] = UInt8(v.rounded())
                }
            }
        }
        return try RasterImage(width: width, height: height, rgb: out, dotsPerInch: dotsPerInch)
    }

    /// A synthetic ECG in mV: P, QRS and T waves as Gaussians, `bpm` beats per minute, `seconds` long.
    static func ecg(seconds: Double, rate: Double, bpm: Double = 72, amplitude: Double = 1) -> [Double] {
        let period = 60 / bpm
        return (0..<Int(seconds * rate)).map { i in
            let t = Double(i) / rate
            let phase = t.truncatingRemainder(dividingBy: period) - 0.3
            func wave(_ centre: Double, _ width: Double, _ height: Double) -> Double {
                height * exp(-0.5 * ((phase - centre) / width) * ((phase - centre) / width))
            }
            return amplitude * (wave(-0.16, 0.025, 0.15) + wave(-0.03, 0.012, -0.15) + wave(0, 0.016, 1.0)
                + wave(0.035, 0.012, -0.25) + wave(0.25, 0.045, 0.3))
        }
    }

    /// PhysioNet/CinC 2024 SNR of `estimate` (at `estimateRate`) against `reference` (at `rate`), dB: best shift
    /// within ±0.2 s, mean difference removed.
    static func snr(reference x: [Double], rate: Double, estimate y: [Float], estimateRate: Double) -> Double {
        let power = x.reduce(0) { $0 + $1 * $1 }
        var best = -Double.infinity
        for s in -Int(0.2 * rate)...Int(0.2 * rate) {
            let aligned = x.indices.map { i -> Double in
                let p = min(max((Double(i + s) / rate) * estimateRate, 0), Double(y.count - 1))
                let j = Int(p), f = p - Double(j)
                return j + 1 < y.count ? Double(y[j]) * (1 - f) + Double(y[j + 1]) * f : Double(y[j])
            }
            let offset = zip(x, aligned).reduce(0) { $0 + $1.0 - $1.1 } / Double(x.count)
            let noise = zip(x, aligned).reduce(0) { $0 + ($1.1 + offset - $1.0) * ($1.1 + offset - $1.0) }
            best = max(best, 10 * log10(power / max(noise, 1e-12)))
        }
        return best
    }
}
