/// An ``ECGStrip`` drawn as inline SVG on standard ECG paper, in millimetres: 1-mm and 5-mm grid, 25 mm/s, 10 mm/mV,
/// a 1-mV calibration pulse (10 mm high, 0.2 s = 5 mm wide) at the left, beat labels above their R peaks.
///
/// Coordinates (viewBox units are millimetres; the `width`/`height` attributes say `mm`, so print is true to scale):
/// - x of the sample at `t` seconds from the strip's start: `leftMarginMM + 25 · t`;
/// - y of `v` mV: `baselineMM − 10 · v` (SVG y grows downwards).
///
/// Inline in HTML5 the element needs no namespace attribute, so the page holds no URL at all.
///
/// The trace is decimated to the paper's resolution: per 0.2-mm column (8 ms) the first, lowest and highest samples
/// are kept in time order, so peaks survive and a strip holds at most 375 points per second whatever the sampling
/// rate.
enum ECGPaper {
    static let mmPerSecond = 25.0
    static let mmPerMillivolt = 10.0
    /// Room for the calibration pulse before the trace: 2 mm flat, 5 mm pulse, 3 mm flat.
    static let leftMarginMM = 10.0
    /// Band above the trace for the beat labels.
    static let labelBandMM = 5.0
    /// Column width of the decimation, mm.
    static let columnMM = 0.2
    /// Drawn range above / below the baseline, mV: at least `minimumUp` / `minimumDown`, at most `maximumUp` /
    /// `maximumDown` (samples beyond are drawn at the edge).
    static let minimumUp = 1.0, maximumUp = 3.0, minimumDown = 0.5, maximumDown = 2.0

    static func layout(_ strip: ECGStrip) -> PaperLayout {
        var high = 0.0, low = 0.0
        for v in strip.samples where v.isFinite {
            high = max(high, Double(v))
            low = min(low, Double(v))
        }
        let up = min(maximumUp, max(minimumUp, high)), down = min(maximumDown, max(minimumDown, -low))
        let baseline = ceilToGrid(labelBandMM + up * mmPerMillivolt + 1)
        let height = ceilToGrid(baseline + down * mmPerMillivolt + 2)
        let width = ceilToGrid(leftMarginMM + strip.durationS * mmPerSecond)
        return PaperLayout(widthMM: width, heightMM: height, baselineMM: baseline, upMV: up, downMV: down)
    }

    /// x (mm) of a time in seconds from the recording's start.
    static func x(time: Double, strip: ECGStrip) -> Double {
        leftMarginMM + (time - strip.startS) * mmPerSecond
    }

    /// The trace's points (mm) after the column decimation.
    static func points(_ strip: ECGStrip, layout: PaperLayout) -> [(x: Double, y: Double)] {
        let samples = strip.samples
        guard !samples.isEmpty, strip.sampleRate > 0 else { return [] }
        let perColumn = strip.sampleRate * columnMM / mmPerSecond
        func point(_ i: Int) -> (x: Double, y: Double) {
            let v = samples[i].isFinite ? Double(samples[i]) : 0
            let clipped = min(layout.upMV, max(-layout.downMV, v))
            return (leftMarginMM + Double(i) / strip.sampleRate * mmPerSecond, layout.baselineMM - clipped * mmPerMillivolt)
        }
        if perColumn <= 3 { return samples.indices.map(point) }
        var result: [(x: Double, y: Double)] = []
        result.reserveCapacity(Int(Double(samples.count) / perColumn * 3) + 3)
        var start = 0
        var column = 1
        while start < samples.count {
            let end = min(samples.count, max(start + 1, Int((Double(column) * perColumn).rounded(.up))))
            var lowest = start, highest = start
            for i in start..<end {
                if samples[i] < samples[lowest] { lowest = i }
                if samples[i] > samples[highest] { highest = i }
            }
            for i in Set([start, lowest, highest]).sorted() { result.append(point(i)) }
            start = end
            column += 1
        }
        if let last = samples.indices.last, result.last.map({ $0.x }) != point(last).x { result.append(point(last)) }
        return result
    }

    /// Beat-label colour per AAMI class.
    static func colour(_ label: String) -> String {
        switch AAMIClass(modelLabel: label) {
        case .normal: "#333"
        case .supraventricular: "#1f5fbf"
        case .ventricular: "#c0182a"
        case .fusion: "#b8660b"
        case .unknown: "#6a3d9a"
        }
    }

    /// The strip as one `<svg>` element; `id` makes the grid pattern's id unique in the page.
    static func svg(_ strip: ECGStrip, id: String) -> String {
        let l = layout(strip)
        let n = { (v: Double) in HTMLText.number(v) }
        let w = n(l.widthMM), h = n(l.heightMM), b = l.baselineMM
        var s = "<svg class=\"strip\" width=\"\(w)mm\" height=\"\(h)mm\" "
        s += "viewBox=\"0 0 \(w) \(h)\" role=\"img\" aria-label=\"\(HTMLText.escape(strip.title)), lead \(HTMLText.escape(strip.lead))\">"
        s += "<defs><pattern id=\"grid-\(id)\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
        s += "<path d=\"M1 0V5M2 0V5M3 0V5M4 0V5M0 1H5M0 2H5M0 3H5M0 4H5\" stroke=\"#f2b8b8\" stroke-width=\"0.06\"/>"
        s += "<path d=\"M0 0H5M0 0V5\" stroke=\"#e07a7a\" stroke-width=\"0.16\"/></pattern></defs>"
        s += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"#fff7f5\"/>"
        s += "<rect width=\"\(w)\" height=\"\(h)\" fill=\"url(#grid-\(id))\"/>"
        if let highlight = strip.highlight {
            let x0 = max(leftMarginMM, x(time: highlight.lowerBound, strip: strip))
            let x1 = min(l.widthMM, x(time: highlight.upperBound, strip: strip))
            if x1 > x0 {
                s += "<rect class=\"event\" x=\"\(n(x0))\" y=\"\(n(labelBandMM))\" width=\"\(n(max(0.4, x1 - x0)))\" "
                s += "height=\"\(n(l.heightMM - labelBandMM))\" fill=\"#ffd54f\" fill-opacity=\"0.28\"/>"
            }
        }
        s += "<path class=\"calibration\" d=\"M0 \(n(b))H2V\(n(b - mmPerMillivolt))H7V\(n(b))H\(n(leftMarginMM))\" "
        s += "fill=\"none\" stroke=\"#000\" stroke-width=\"0.25\"/>"
        s += "<polyline class=\"trace\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.25\" stroke-linejoin=\"round\" points=\""
        var first = true
        for p in points(strip, layout: l) {
            if !first { s += " " }
            s += n(p.x) + "," + n(p.y)
            first = false
        }
        s += "\"/>"
        for beat in strip.beats {
            let bx = x(time: beat.timeS, strip: strip)
            guard bx >= leftMarginMM, bx <= l.widthMM else { continue }
            let colour = colour(beat.label)
            s += "<text class=\"beat\" x=\"\(n(bx))\" y=\"3.4\" font-size=\"3\" text-anchor=\"middle\" fill=\"\(colour)\" "
            s += "font-family=\"sans-serif\">\(HTMLText.escape(beat.label))</text>"
            s += "<path d=\"M\(n(bx)) 4V5\" stroke=\"\(colour)\" stroke-width=\"0.3\"/>"
        }
        s += "</svg>"
        return s
    }

    private static func ceilToGrid(_ mm: Double) -> Double { (mm / 5).rounded(.up) * 5 }
}
