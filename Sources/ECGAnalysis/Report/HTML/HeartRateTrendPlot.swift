/// The heart-rate trend as inline SVG: the min–max band of each bin shaded, the mean as a line, gaps (bins without
/// beats) left open; time along x (hours, minutes or seconds by the length), bpm along y.
///
/// Plot area `width × height` px inside margins; x = left + width · t / duration, y = top + height · (1 − (bpm −
/// low) / (high − low)), with `low` = 0 … the lowest bin rounded down to 20 and `high` the highest rounded up to 20
/// (at least 120).
enum HeartRateTrendPlot {
    static let width = 900.0, height = 200.0
    static let left = 44.0, right = 12.0, top = 10.0, bottom = 28.0

    static func svg(_ trend: HeartRateTrend) -> String {
        let values = trend.bins.flatMap { [$0.minBPM, $0.maxBPM, $0.meanBPM].compactMap { $0 } }
        let low = max(0, ((values.min() ?? 40) / 20).rounded(.down) * 20)
        let high = max(120, ((values.max() ?? 120) / 20).rounded(.up) * 20)
        let duration = max(trend.durationS, trend.binSeconds)
        let n = { (v: Double) in HTMLText.number(v, places: 1) }
        func x(_ t: Double) -> Double { left + width * min(1, max(0, t / duration)) }
        func y(_ bpm: Double) -> Double { top + height * (1 - (min(high, max(low, bpm)) - low) / (high - low)) }
        let totalW = left + width + right, totalH = top + height + bottom
        var s = "<svg class=\"trend\" width=\"\(n(totalW))\" height=\"\(n(totalH))\" viewBox=\"0 0 \(n(totalW)) \(n(totalH))\" "
        s += "role=\"img\" aria-label=\"Heart rate trend\" font-family=\"sans-serif\" font-size=\"11\">"
        // Horizontal grid every 20 bpm.
        var bpm = low
        while bpm <= high {
            s += "<path d=\"M\(n(left)) \(n(y(bpm)))H\(n(left + width))\" stroke=\"#ddd\" stroke-width=\"1\"/>"
            s += "<text x=\"\(n(left - 6))\" y=\"\(n(y(bpm) + 4))\" text-anchor=\"end\" fill=\"#555\">\(Int(bpm))</text>"
            bpm += 20
        }
        // Time ticks: hours over 2 h, minutes over 5 min, else seconds; at most about 12 ticks.
        let unit: (seconds: Double, name: String) = duration > 7200 ? (3600, "h") : duration > 300 ? (60, "min") : (1, "s")
        let stepS = [1.0, 5, 10, 30, 60, 300, 600, 1800, 3600, 7200].first { duration / $0 <= 12 } ?? 7200
        var t = 0.0
        while t <= duration + 1e-6 {
            let label = "\(HTMLText.number(t / unit.seconds, places: 1)) \(unit.name)"
            s += "<path d=\"M\(n(x(t))) \(n(top))V\(n(top + height + 4))\" stroke=\"#eee\" stroke-width=\"1\"/>"
            s += "<text x=\"\(n(x(t)))\" y=\"\(n(top + height + 17))\" text-anchor=\"middle\" fill=\"#555\">\(label)</text>"
            t += stepS
        }
        s += "<text x=\"12\" y=\"\(n(top + height / 2))\" transform=\"rotate(-90 12 \(n(top + height / 2)))\" "
        s += "text-anchor=\"middle\" fill=\"#555\">bpm</text>"
        // Runs of consecutive bins with values.
        var runs: [[HeartRateTrendBin]] = []
        var current: [HeartRateTrendBin] = []
        for bin in trend.bins {
            if bin.meanBPM != nil, bin.minBPM != nil, bin.maxBPM != nil {
                current.append(bin)
            } else if !current.isEmpty {
                runs.append(current)
                current = []
            }
        }
        if !current.isEmpty { runs.append(current) }
        let half = trend.binSeconds / 2
        for run in runs {
            let upper = run.map { "\(n(x($0.startS + half))),\(n(y($0.maxBPM ?? 0)))" }
            let lower = run.reversed().map { "\(n(x($0.startS + half))),\(n(y($0.minBPM ?? 0)))" }
            if run.count == 1, let bin = run.first {
                s += "<path class=\"band\" d=\"M\(n(x(bin.startS + half))) \(n(y(bin.maxBPM ?? 0)))V\(n(y(bin.minBPM ?? 0)))\" "
                s += "stroke=\"#9ecae1\" stroke-width=\"3\"/>"
            } else {
                s += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"#c6dbef\"/>"
            }
            let mean = run.map { "\(n(x($0.startS + half))),\(n(y($0.meanBPM ?? 0)))" }
            s += "<polyline class=\"mean\" points=\"\(mean.joined(separator: " "))\" fill=\"none\" stroke=\"#08519c\" stroke-width=\"1.5\"/>"
            if run.count == 1 {
                s += "<circle cx=\"\(n(x(run[0].startS + half)))\" cy=\"\(n(y(run[0].meanBPM ?? 0)))\" r=\"2\" fill=\"#08519c\"/>"
            }
        }
        s += "<rect x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"none\" stroke=\"#999\"/>"
        s += "</svg>"
        return s
    }
}
