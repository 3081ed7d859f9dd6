import Foundation

/// Reads ECG signals off an image of ECG paper.
///
/// Pipeline (all classical image processing, one byte per pixel per intermediate plane):
/// 1. `InkSeparation`: trace-likeness `255 − max(R,G,B)` and paper darkness `255 − min(R,G,B)`.
/// 2. `SkewEstimator`: page rotation (≤ 5°) from the horizontal grid lines (from the trace baselines when there is
///    no grid). A page whose paper plane holds almost no grid-coloured pixels (`gridInkFraction`) skips the
///    searches on the paper plane (steps 2 and 3) altogether.
/// 3. `GridDetector`: grid pitch (px/mm) from the autocorrelation of the sheared paper profile; without a grid, the
///    file's dpi, else a 280 mm page width is assumed (and every lead's confidence is halved).
/// 4. `InkThreshold` (Otsu) between grid and trace; trace pixels are left out of the grid signal; the ink plane is
///    deskewed (`ImageRotation`).
/// 5. `TraceRowFinder`: one baseline per printed row; `InkRuns` + `TracePathFinder` follow each row's trace
///    column by column; `TraceSampler` reads one position per column; `CalibrationPulse` gives the gain.
/// 6. `LayoutDetector`: layout and lead names from the number of rows and the lead separators;
///    `LeadLabelReader` reads the printed name at the start of each lead, and `LeadNaming` lets the names read
///    override the layout's standard order (and a 6×2 / 3×4 page show itself by its mid-row names).
/// 7. Each lead is resampled from columns (`px/mm · 25` per second) to `sampleRate` by linear interpolation,
///    converted to mV (`(zero − row) / (px/mm · mm/mV)`), and centred on its median.
///
/// Paper speed is taken as 25 mm/s (printed settings are not read).
public struct ECGDigitizer: Sendable {
    /// Output sample rate, Hz.
    public var sampleRate: Double = 500
    /// Rows whose followed ink covers less than this fraction of their span are not traces (text, stray marks).
    public var minimumCoverage = 0.6
    /// Shortest trace row accepted, seconds.
    public var minimumRowSeconds = 1.5
    /// Least fraction of grid-coloured pixels (`gridInkFraction`) for which a grid is searched for.
    public var minimumGridInk = 0.01

    public init() {}

    /// Digitizes every lead on the page. Throws `ECGAnalysisError.unanalysableSignal` with the reason when the image
    /// is not an ECG or cannot be read.
    public func digitize(_ image: RasterImage) throws -> DigitizedECG {
        guard image.width >= 64, image.height >= 32 else {
            throw ECGAnalysisError.unanalysableSignal("the image is too small (\(image.width)×\(image.height)) to hold an ECG")
        }
        // Planes: the RGB image is only read here; afterwards at most three byte planes are alive.
        var ink: GrayPlane
        let rotation: Double
        let grid: GridDetector.Grid?
        // The ink histogram does not change under rotation, so the threshold comes from the raw plane.
        var threshold: UInt8
        do {
            var separation = InkSeparation(image)
            guard let level = InkThreshold.level(separation.ink) else {
                throw ECGAnalysisError.unanalysableSignal("the image is blank: no trace found")
            }
            threshold = level
            // The grid signal leaves the trace out: QRS complexes are periodic too and would pass for grid lines.
            separation.removeTrace(threshold: threshold)
            // A page without grid ink (fewer than `minimumGridInk` of its paper pixels 40 levels darker than white,
            // the trace left out) has no grid to find: the rotation and pitch searches are skipped.
            var gridRotation = 0.0
            if Self.gridInkFraction(separation.paper) >= minimumGridInk {
                gridRotation = SkewEstimator().estimate(separation.paper)
                grid = GridDetector().detect(separation.paper, rotationDegrees: gridRotation, dotsPerInch: image.dotsPerInch)
            } else {
                grid = nil
            }
            // Without a grid, the trace baselines are the only horizontal structure left to level the page by.
            rotation = grid == nil ? SkewEstimator().estimate(separation.ink, scan: true) : gridRotation
            ink = separation.ink
        }
        // Without grid lines to keep out, the threshold only has to separate ink from paper: Otsu's level would
        // split the trace's own anti-aliased edge from its core and break thin lines. Not on dark or shaded pages
        // (photographs, undetected dark grids), where half the level would take in more than traces.
        if grid == nil {
            let half = max(InkThreshold.minimum, threshold / 2)
            let dark = ink.pixels.reduce(0) { $0 + ($1 >= half ? 1 : 0) }
            if Double(dark) <= 0.03 * Double(ink.pixels.count) { threshold = half }
        }
        if abs(rotation) >= 0.02 { ink = ImageRotation.deskew(ink, degrees: rotation) }
        let ppm: Double
        if let grid {
            ppm = grid.pixelsPerMillimetre
        } else if let dpi = image.dotsPerInch, dpi >= 50 {
            ppm = dpi / 25.4
        } else {
            ppm = Double(image.width) / 280
        }
        guard ppm >= 1.5, ppm <= 60 else {
            throw ECGAnalysisError.unanalysableSignal("no ECG paper scale found (grid pitch \(String(format: "%.2f", ppm)) px/mm)")
        }
        let inkCount = ink.pixels.reduce(0) { $0 + ($1 >= threshold ? 1 : 0) }
        let inkFraction = Double(inkCount) / Double(ink.pixels.count)
        guard inkFraction <= 0.2 else {
            throw ECGAnalysisError.unanalysableSignal(
                "not an ECG: \(Int(inkFraction * 100)) % of the image is dark, too much for traces on paper")
        }
        guard inkCount >= Int(minimumRowSeconds * 25 * ppm) else {
            throw ECGAnalysisError.unanalysableSignal("the image is blank: no trace found")
        }

        let low = InkThreshold.hysteresisLevel(ink, level: threshold)
        // Candidate rows include weak profile peaks; following them decides: a candidate that is not a continuous
        // trace, or that follows the same ink as a better row (deep S waves give a second peak), is dropped, and the
        // survivors are followed again with their final neighbours (which bound each row's band).
        var baselines = TraceRowFinder().baselines(ink, threshold: threshold, pixelsPerMillimetre: ppm)
        var rows: [TraceRow] = []
        for _ in 0..<2 {
            rows = []
            for (i, baseline) in baselines.enumerated() {
                let above = i > 0 ? baseline - baselines[i - 1] : Int(30 * ppm)
                let below = i + 1 < baselines.count ? baselines[i + 1] - baseline : Int(30 * ppm)
                if let row = followRow(ink, threshold: threshold, low: low, baseline: baseline, above: above,
                                       below: below, ppm: ppm) {
                    rows.append(row)
                }
            }
            let distinct = Self.distinctTraces(rows, ppm: ppm)
            if distinct.count == baselines.count { break }
            baselines = distinct.map(\.baseline)
            rows = distinct
        }
        guard !rows.isEmpty else {
            throw ECGAnalysisError.unanalysableSignal("not an ECG: no continuous trace found on the image")
        }
        let gains = rows.compactMap(\.pulseGain)
        let gain = gains.isEmpty ? 10 : gains.sorted()[gains.count / 2]
        let pixelsPerSecond = ppm * 25
        let detector = LayoutDetector()
        var (layout, slots) = detector.layout(rows: rows, pixelsPerSecond: pixelsPerSecond) { r, fraction in
            hasSeparator(ink, threshold: threshold, row: rows[r], fraction: fraction, ppm: ppm)
        }
        let reader = LeadLabelReader()
        func readLabel(_ slot: LayoutDetector.Slot) -> LeadLabelReader.Reading? {
            let row = rows[slot.row]
            let x = slot.columns.lowerBound, zero = Int(row.zeroLevel.rounded())
            return reader.read(ink, threshold: threshold,
                               columns: (x - Int(10 * ppm))..<(x + Int(14 * ppm)),
                               rows: (zero - Int(16 * ppm))..<(zero + Int(9 * ppm)), pixelsPerMillimetre: ppm) {
                row.positions.indices.contains($0) ? row.positions[$0] : nil
            }
        }
        // Every label of the page, with lone "I"s that no other label of the page corroborates dropped.
        func readNames(_ slots: [LayoutDetector.Slot]) -> [String?] {
            LeadLabelReader.corroborated(slots.map(readLabel), zeroLevels: slots.map { rows[$0.row].zeroLevel },
                                         pixelsPerMillimetre: ppm).map { $0?.name }
        }
        var names = readNames(slots)
        // Rows taken as whole-width strips for want of lead separators: names printed mid-row (at the half of
        // three or more of six rows, at the quarter points of two or more of three rows) show a 6×2 or 3×4 page.
        if layout == .strips, rows.count == 6 || rows.count == 3 {
            let (split, splitSlots) = detector.layout(rows: rows, pixelsPerSecond: pixelsPerSecond) { _, _ in true }
            let splitRead = readNames(splitSlots)
            let splitNames = LeadNaming.consistent(splitSlots.indices.map { splitSlots[$0].startSeconds > 0 ? splitRead[$0] : nil },
                                                   grid: splitSlots.map { _ in true })
            let rowsWithInnerNames = Set(splitSlots.indices.filter { splitNames[$0] != nil }.map { splitSlots[$0].row })
            if rowsWithInnerNames.count >= (rows.count == 6 ? 3 : 2) {
                layout = split
                slots = splitSlots
                names = splitSlots.indices.map { splitNames[$0] ?? (splitSlots[$0].startSeconds > 0 ? nil : splitRead[$0]) }
            }
        }
        let rhythmRow = layout == .threeByFourWithRhythm ? rows.count - 1 : -1
        let naming = LeadNaming.resolve(assumed: slots.map(\.name), read: names, grid: slots.map { $0.row != rhythmRow })
        let gridFactor = grid == nil ? 0.5 : 1.0
        let leads = slots.indices.map { i in
            var digitized = lead(slots[i], row: rows[slots[i].row], ppm: ppm, gain: gain, rotation: rotation, image: image,
                                 confidenceFactor: gridFactor)
            digitized.name = naming[i].name
            digitized.nameSource = naming[i].source
            return digitized
        }
        return DigitizedECG(
            sampleRate: sampleRate, leads: leads,
            grid: PaperGrid(pixelsPerMillimetre: ppm, millimetresPerSecond: 25, millimetresPerMillivolt: gain,
                            rotationDegrees: rotation),
            layout: layout)
    }

    /// Fraction of `paper` pixels at least 40 levels darker than white (every 4th pixel counted). Light grid
    /// lines reach 40–65 (fine) and 80–145 (bold) and cover several percent of a page; white paper with the
    /// trace removed stays below 1 % (Gaussian noise of σ = 12 passes 40 on about 0.1 % of pixels per channel).
    static func gridInkFraction(_ paper: GrayPlane) -> Double {
        var dark = 0, counted = 0
        paper.pixels.withUnsafeBufferPointer { p in
            var i = 0
            while i < p.count {
                if p[i] >= 40 { dark += 1 }
                counted += 1
                i += 4
            }
        }
        return counted == 0 ? 0 : Double(dark) / Double(counted)
    }

    /// Rows that are continuous traces (continuity ≥ 0.6) and not the same ink as a better row (within 1 mm on over
    /// 30 % of their common columns), top to bottom. Better: more followed columns times continuity.
    static func distinctTraces(_ rows: [TraceRow], ppm: Double) -> [TraceRow] {
        func score(_ r: TraceRow) -> Double { Double(r.columns) * r.coverage * r.continuity }
        var kept: [TraceRow] = []
        for row in rows.filter({ $0.continuity >= 0.6 }).sorted(by: { score($0) > score($1) }) {
            let duplicate = kept.contains { other in
                let lo = max(row.start, other.start), hi = min(row.end, other.end)
                guard lo < hi else { return false }
                var common = 0, same = 0
                for x in lo...hi where row.positions[x].isFinite && other.positions[x].isFinite {
                    common += 1
                    if abs(Double(row.positions[x] - other.positions[x])) <= ppm { same += 1 }
                }
                return common > 0 && Double(same) > 0.3 * Double(common)
            }
            if !duplicate { kept.append(row) }
        }
        return kept.sorted { $0.baseline < $1.baseline }
    }

    /// Follows the trace of the row at `baseline` (neighbour rows `above` / `below` pixels away); nil when what is
    /// there is not a trace.
    func followRow(_ ink: GrayPlane, threshold: UInt8, low: UInt8, baseline: Int, above: Int, below: Int, ppm: Double) -> TraceRow? {
        let top = max(0, baseline - Int(0.9 * Double(above)))
        let bottom = min(ink.height - 1, baseline + Int(0.9 * Double(below)))
        guard top < bottom else { return nil }
        let runs = InkRuns(ink, threshold: threshold, low: low, rows: top...bottom, columns: 0..<ink.width,
                           maxLength: Int(0.9 * Double(bottom - top + 1)), preferredRow: baseline)
        let path = TracePathFinder().path(runs, baseline: Float(baseline), pixelsPerMillimetre: Float(ppm))
        let (positions, _) = TraceSampler.positions(runs, path: path)
        // The trace: the longest stretch of followed columns with no gap over 3 mm.
        let maxGap = Int(3 * ppm)
        var best: (Int, Int)? = nil, current: (Int, Int)? = nil, lastOn = -maxGap - 1
        for x in 0..<positions.count where positions[x].isFinite {
            if let c = current, x - lastOn <= maxGap {
                current = (c.0, x)
            } else {
                current = (x, x)
            }
            lastOn = x
            if let c = current, best.map({ c.1 - c.0 > $0.1 - $0.0 }) ?? true { best = c }
        }
        guard let found = best else { return nil }
        var start = found.0
        let end = found.1
        var pulseGain: Double? = nil
        if let pulse = CalibrationPulse.find(in: positions, start: start, pixelsPerMillimetre: Float(ppm)) {
            pulseGain = pulse.millimetresPerMillivolt
            var next = pulse.endColumn + Int(ppm)
            while next < end, !positions[next].isFinite { next += 1 }
            start = next
        }
        guard Double(end - start + 1) >= minimumRowSeconds * 25 * ppm else { return nil }
        var followed = 0, touching = 0, pairs = 0
        for x in start...end where positions[x].isFinite {
            followed += 1
            if x > start, positions[x - 1].isFinite {
                pairs += 1
                let a = Int(path[x - 1]), b = Int(path[x])
                if runs.top[b] <= runs.bottom[a] + 1 && runs.top[a] <= runs.bottom[b] + 1 { touching += 1 }
            }
        }
        let coverage = Double(followed) / Double(end - start + 1)
        guard coverage >= minimumCoverage else { return nil }
        let values = (start...end).compactMap { positions[$0].isFinite ? positions[$0] : nil }.sorted()
        return TraceRow(
            baseline: baseline, zeroLevel: values[values.count / 2], positions: positions, start: start, end: end,
            pulseGain: pulseGain, coverage: coverage,
            continuity: pairs == 0 ? 0 : Double(touching) / Double(pairs),
            clutter: runs.meanRunsPerColumn)
    }

    /// A lead separator: a vertical ink stroke ≥ 3.5 mm long through the row's zero level within ±0.6 mm of the
    /// given fraction of the row's width.
    func hasSeparator(_ ink: GrayPlane, threshold: UInt8, row: TraceRow, fraction: Double, ppm: Double) -> Bool {
        let centre = row.start + Int(fraction * Double(row.columns))
        let reach = max(1, Int(0.6 * ppm))
        let y0 = Int(row.zeroLevel.rounded())
        guard y0 >= 0, y0 < ink.height else { return false }
        for x in max(0, centre - reach)...min(ink.width - 1, centre + reach) {
            // Longest ink run through any row within ±1 mm of the zero level.
            var y = max(0, y0 - Int(ppm))
            while y <= min(ink.height - 1, y0 + Int(ppm)), ink[x, y] < threshold { y += 1 }
            guard y < ink.height, ink[x, y] >= threshold else { continue }
            var lo = y, hi = y
            while lo > 0, ink[x, lo - 1] >= threshold { lo -= 1 }
            while hi + 1 < ink.height, ink[x, hi + 1] >= threshold { hi += 1 }
            if Double(hi - lo + 1) >= 3.5 * ppm, Double(hi - lo + 1) <= 12 * ppm { return true }
        }
        return false
    }

    /// Samples of one lead slot at `sampleRate`, in mV about the median, with its confidence and placement.
    func lead(_ slot: LayoutDetector.Slot, row: TraceRow, ppm: Double, gain: Double, rotation: Double,
              image: RasterImage, confidenceFactor: Double) -> DigitizedLead {
        let pixelsPerSecond = ppm * 25
        let columns = slot.columns
        let duration = Double(columns.count) / pixelsPerSecond
        let count = max(1, Int(duration * sampleRate))
        let scale = Float(1 / (ppm * gain))
        // Known columns of the slot, for interpolation across gaps.
        let known = columns.filter { row.positions[$0].isFinite }
        var samples = [Float](repeating: 0, count: count)
        if !known.isEmpty {
            var j = 0
            for i in 0..<count {
                let x = Double(columns.lowerBound) + Double(i) / sampleRate * pixelsPerSecond
                while j + 1 < known.count, Double(known[j + 1]) <= x { j += 1 }
                let a = known[j]
                let y: Float
                if Double(a) >= x || j + 1 >= known.count {
                    y = row.positions[a]
                } else {
                    let b = known[j + 1]
                    let f = Float((x - Double(a)) / Double(b - a))
                    y = row.positions[a] * (1 - f) + row.positions[b] * f
                }
                samples[i] = (row.zeroLevel - y) * scale
            }
        }
        let sorted = samples.sorted()
        let median = sorted[sorted.count / 2]
        for i in samples.indices { samples[i] -= median }
        let coverage = Double(known.count) / Double(columns.count)
        let cleanliness = min(1, 1.5 / max(1, row.clutter))
        let confidence = max(0, min(1, coverage * row.continuity * cleanliness * confidenceFactor))
        // Placement: deskewed (x, y) = (first column + t · px/s, zero − (v + median) · px/mV), then rotated back.
        let zero = Double(row.zeroLevel) - Double(median) * ppm * gain
        let origin = ImageRotation.originalPoint(
            x: Double(columns.lowerBound), y: zero, width: image.width, height: image.height, degrees: rotation)
        let theta = rotation * .pi / 180
        func rotate(_ dx: Double, _ dy: Double) -> [Double] {
            [dx * cos(theta) + dy * sin(theta), -dx * sin(theta) + dy * cos(theta)]
        }
        let placement = LeadPlacement(origin: [origin.x, origin.y], perSecond: rotate(pixelsPerSecond, 0),
                                      perMillivolt: rotate(0, -ppm * gain))
        return DigitizedLead(name: slot.name, startSeconds: slot.startSeconds, samples: samples,
                             confidence: confidence, placement: placement)
    }
}
