import ECGAnalysis
import Foundation

/// Challenge-2024 scoring of one digitized page against its ground truth.
enum DigitizationScorer {
    /// Largest time shift searched when aligning a digitized lead with its reference, seconds.
    static let maxShift = 0.2

    static func score(name: String, truth: RenderTruth, image: RasterImage, dump: URL? = nil) -> DigitizationPageScore {
        let clock = ContinuousClock()
        var result: Result<DigitizedECG, Error> = .failure(CancellationError())
        let elapsed = clock.measure { result = Result { try ECGDigitizer().digitize(image) } }
        var page = DigitizationPageScore(
            name: name, kind: truth.kind, degraded: truth.degraded, source: truth.source,
            truthLayout: truth.layout, truthPxPerMm: truth.pxPerMm, truthRotation: truth.rotationDeg,
            milliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        guard case .success(let ecg) = result else {
            if case .failure(let error) = result { page.error = "\(error)" }
            page.snr = truth.leads.map { _ in 0 }
            page.leadsExpected = truth.leads.count
            return page
        }
        if let dump {
            let leads = ecg.leads.map { ["name": $0.name, "name_source": $0.nameSource.rawValue, "start_s": $0.startSeconds, "samples": $0.samples.map(Double.init),
                                         "confidence": $0.confidence] as [String: Any] }
            let object: [String: Any] = ["sample_rate_hz": ecg.sampleRate, "layout": ecg.layout.rawValue, "leads": leads,
                                         "px_per_mm": ecg.grid.pixelsPerMillimetre, "rotation_deg": ecg.grid.rotationDegrees]
            try? JSONSerialization.data(withJSONObject: object).write(to: dump)
        }
        page.countNames(truth: truth, digitized: ecg)
        page.layout = ecg.layout.rawValue
        page.pxPerMm = ecg.grid.pixelsPerMillimetre
        page.rotation = ecg.grid.rotationDegrees
        page.leadsExpected = truth.leads.count
        let byRow = truth.kind == "strip"
        var used = Set<Int>()
        for (t, lead) in truth.leads.enumerated() {
            let duration = Double(lead.samples.count) / lead.sampleRateHz
            // Strips carry no printed-name reading: match by row. 12-lead pages: by name and time slot.
            let candidates = ecg.leads.indices.filter { !used.contains($0) && (byRow || ecg.leads[$0].name == lead.name) }
            let match: Int?
            if byRow {
                match = t < ecg.leads.count && !used.contains(t) ? t : nil
            } else {
                match = candidates.min { a, b in
                    func distance(_ i: Int) -> Double {
                        let d = ecg.leads[i]
                        return abs(d.startSeconds - lead.startS)
                            + abs(Double(d.samples.count) / ecg.sampleRate - duration)
                    }
                    return distance(a) < distance(b)
                }
            }
            guard let match else { page.snr.append(0); continue }
            used.insert(match)
            page.leadsFound += 1
            if ecg.leads[match].name == lead.name { page.leadsNamed += 1 }
            let digitized = ecg.leads[match]
            page.snr.append(snr(reference: lead.samples, rate: lead.sampleRateHz,
                                digitized: digitized.samples, digitizedRate: ecg.sampleRate,
                                offsetSeconds: digitized.startSeconds - lead.startS))
            page.confidence.append(digitized.confidence)
        }
        // Heart rate: source rhythm lead vs the digitized lead in the same place.
        let reference = truth.rhythmSamples ?? truth.leads.first?.samples ?? []
        let referenceRate = truth.leads.first?.sampleRateHz ?? 500
        page.heartRateSource = heartRate(reference, rate: referenceRate)
        let longestII = ecg.leads.filter { $0.name == "II" }.max { $0.samples.count < $1.samples.count }
        let rhythm: DigitizedLead? = truth.kind == "strip"
            ? ecg.leads.first
            : longestII ?? ecg.leads.max { $0.samples.count < $1.samples.count }
        if let rhythm { page.heartRateDigitized = heartRate(rhythm.samples, rate: ecg.sampleRate) }
        return page
    }

    /// 60 / median RR interval, bpm; nil with fewer than three beats.
    static func heartRate(_ x: [Float], rate: Double) -> Double? {
        let beats = RPeakDetector(sampleRate: rate).detect(x)
        guard beats.count >= 3 else { return nil }
        let rr = zip(beats.dropFirst(), beats).map { Double($0 - $1) / rate }.sorted()
        return 60 / rr[rr.count / 2]
    }

    /// Challenge SNR, dB. The digitized lead (at `digitizedRate`, its first sample `offsetSeconds` after the
    /// reference's) is interpolated linearly onto the reference's sample times, held at its end values beyond its
    /// ends, shifted by up to ±`maxShift`, and offset by the mean difference; the best shift's SNR is returned.
    static func snr(reference x: [Float], rate: Double, digitized y: [Float], digitizedRate: Double,
                    offsetSeconds: Double) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        let power = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        guard power > 0 else { return 0 }
        let steps = Int(maxShift * rate)
        var best = -Double.infinity
        var aligned = [Double](repeating: 0, count: x.count)
        for s in -steps...steps {
            let shift = Double(s) / rate
            var meanDifference = 0.0
            for i in x.indices {
                let position = ((Double(i) / rate) - offsetSeconds + shift) * digitizedRate
                let clamped = min(max(position, 0), Double(y.count - 1))
                let j = Int(clamped.rounded(.down)), f = clamped - Double(j)
                let value = j + 1 < y.count ? Double(y[j]) * (1 - f) + Double(y[j + 1]) * f : Double(y[j])
                aligned[i] = value
                meanDifference += Double(x[i]) - value
            }
            meanDifference /= Double(x.count)
            var noise = 0.0
            for i in x.indices {
                let e = aligned[i] + meanDifference - Double(x[i])
                noise += e * e
            }
            best = max(best, noise > 0 ? 10 * log10(power / noise) : 100)
        }
        return best
    }
}

/// Scores of one page.
struct DigitizationPageScore: Encodable {
    var name: String
    var kind: String
    var degraded: Bool
    var source: String
    var truthLayout: String
    var truthPxPerMm: Double
    var truthRotation: Double
    var milliseconds: Double
    var error: String?
    var layout: String?
    var pxPerMm: Double?
    var rotation: Double?
    var leadsExpected = 0
    var leadsFound = 0
    var leadsNamed = 0
    var snr: [Double] = []
    var confidence: [Double] = []
    var heartRateSource: Double?
    var heartRateDigitized: Double?
    /// Printed names among the 12 standard ones: read as printed, read as another name, not read (name assumed,
    /// or the lead not found).
    var namesRight = 0
    var namesWrong = 0
    var namesNotRead = 0
    /// Printed names outside the standard 12 (e.g. MIT-BIH's "MLII"): read as a standard name (wrong), not read.
    var otherNamesRead = 0
    var otherNamesNotRead = 0

    /// Name-reading counts. Digitized leads come in reading order (row by row, left to right, the rhythm strip
    /// last), as the ground truth lists them; when the counts differ no lead is taken as read.
    mutating func countNames(truth: RenderTruth, digitized ecg: DigitizedECG) {
        let aligned = ecg.leads.count == truth.leads.count
        for (k, lead) in truth.leads.enumerated() {
            let read = aligned && ecg.leads[k].nameSource == .read
            if LeadNaming.standard.contains(lead.name) {
                if !read { namesNotRead += 1 } else if ecg.leads[k].name == lead.name { namesRight += 1 } else { namesWrong += 1 }
            } else if read {
                otherNamesRead += 1
            } else {
                otherNamesNotRead += 1
            }
        }
    }

    var heartRateAgrees: Bool {
        guard let a = heartRateSource, let b = heartRateDigitized else { return false }
        return abs(a - b) <= 3
    }

    var line: String {
        let median = snr.isEmpty ? 0 : snr.sorted()[snr.count / 2]
        return String(format: "%@ %@ %@ layout %@/%@ ppm %.3f/%.3f rot %.2f/%.2f leads %d/%d snr %.1f hr %@/%@ %.0f ms %@",
                      name, source, degraded ? "deg" : "clean", layout ?? "-", truthLayout, pxPerMm ?? 0, truthPxPerMm,
                      rotation ?? 0, truthRotation, leadsFound, leadsExpected, median,
                      heartRateDigitized.map { String(format: "%.1f", $0) } ?? "-",
                      heartRateSource.map { String(format: "%.1f", $0) } ?? "-", milliseconds, error ?? "")
    }
}

/// Aggregates over a group of pages (one kind, clean or degraded).
struct DigitizationSummary: Encodable {
    var group: String
    var pages: Int
    var failed: Int
    var layoutCorrect: Double
    var allLeadsFoundAndNamed: Double
    var leadSnrMedian: Double
    var leadSnrMean: Double
    var pageSnrMedian: Double
    var heartRateWithin3Bpm: Double
    var medianMilliseconds: Double
    /// Printed lead names (see `DigitizationPageScore.countNames`), summed over the group's pages.
    var namesRight: Int
    var namesWrong: Int
    var namesNotRead: Int
    var otherNamesRead: Int
    var otherNamesNotRead: Int

    init(group: String, pages: [DigitizationPageScore]) {
        self.group = group
        self.pages = pages.count
        failed = pages.filter { $0.error != nil }.count
        let n = Double(max(1, pages.count))
        layoutCorrect = Double(pages.filter { $0.layout == $0.truthLayout }.count) / n
        allLeadsFoundAndNamed = Double(pages.filter {
            $0.leadsExpected > 0 && $0.leadsFound == $0.leadsExpected && ($0.kind == "strip" || $0.leadsNamed == $0.leadsExpected)
        }.count) / n
        let snrs = pages.flatMap(\.snr).sorted()
        leadSnrMedian = snrs.isEmpty ? 0 : snrs[snrs.count / 2]
        leadSnrMean = snrs.isEmpty ? 0 : snrs.reduce(0, +) / Double(snrs.count)
        let pageMedians = pages.map { $0.snr.isEmpty ? 0 : $0.snr.sorted()[$0.snr.count / 2] }.sorted()
        pageSnrMedian = pageMedians.isEmpty ? 0 : pageMedians[pageMedians.count / 2]
        heartRateWithin3Bpm = Double(pages.filter(\.heartRateAgrees).count) / n
        let times = pages.map(\.milliseconds).sorted()
        medianMilliseconds = times.isEmpty ? 0 : times[times.count / 2]
        namesRight = pages.map(\.namesRight).reduce(0, +)
        namesWrong = pages.map(\.namesWrong).reduce(0, +)
        namesNotRead = pages.map(\.namesNotRead).reduce(0, +)
        otherNamesRead = pages.map(\.otherNamesRead).reduce(0, +)
        otherNamesNotRead = pages.map(\.otherNamesNotRead).reduce(0, +)
    }

    static let header = "group                pages failed layout  all-leads  SNR med  SNR mean  HR±3bpm   ms(med)  "
        + "names right/wrong/unread  other names read/unread"

    var line: String {
        group.padding(toLength: 20, withPad: " ", startingAt: 0)
            + String(format: " %5d %6d %5.0f%% %9.0f%% %7.2f %9.2f %7.0f%% %9.0f", pages, failed, layoutCorrect * 100,
                     allLeadsFoundAndNamed * 100, leadSnrMedian, leadSnrMean, heartRateWithin3Bpm * 100,
                     medianMilliseconds)
            + String(format: "  %5d/%d/%d %14d/%d", namesRight, namesWrong, namesNotRead, otherNamesRead, otherNamesNotRead)
    }
}

struct DigitizationReport: Encodable {
    var summaries: [DigitizationSummary]
    var pages: [DigitizationPageScore]
}
