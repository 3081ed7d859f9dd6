/// The analysis as one self-contained HTML page a person reads: no script, no external stylesheet, font or image
/// (inline CSS and inline SVG only), every string from the file or the analysis escaped (``HTMLText``).
///
/// Sections (each a `<section id=…>`): `summary` (file, duration, leads, sampling rate, rhythm, heart rate,
/// diagnosis, score, beat counts, doctors' notes), `trend` (``HeartRateTrend``), then for recordings over one hour
/// `hourly` and `episodes` from the Holter summary, else `episodes` with the rhythm episodes, findings, runs and
/// pauses of the report; `hrv`, `events` (the recording's annotations and the strips' events in time order),
/// `strips` (``ECGPaper``) and `notes` (warnings, model, disclaimer).
///
/// Size: every table is cut at ``maxTableRows`` rows (the JSON result has them all), the trend has at most 288 bins
/// beyond 4 h, and a strip at most ``StripEvent/maximumSeconds`` of trace at ≤ 375 points per second.
public enum HTMLReport {
    /// Rows shown per table; the rest are counted under it.
    public static let maxTableRows = 100

    /// The page for `report`; `fileName` is shown as given (escaped), `strips` in their order.
    public static func render(report: AnalysisReport, fileName: String, strips: [ECGStrip]) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>ECG report: \(HTMLText.escape(fileName))</title><style>\(style)</style></head><body>\n"
        html += summary(report, fileName: fileName)
        html += trend(report)
        if let holter = report.holter {
            html += hourly(holter)
            html += holterEpisodes(holter)
        } else {
            html += shortEpisodes(report)
        }
        html += hrv(report)
        html += events(report, strips: strips)
        html += stripsSection(strips)
        html += notes(report)
        html += "</body></html>\n"
        return html
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#222;margin:24px auto;\
        max-width:1000px;padding:0 16px;line-height:1.4}\
        h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.15em;margin:1.6em 0 .5em;border-bottom:1px solid #ccc}\
        h3{font-size:1em;margin:1em 0 .2em}\
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:0}dt{color:#555}dd{margin:0}\
        table{border-collapse:collapse;font-size:.9em;margin:.3em 0 .8em}th,td{border:1px solid #ddd;padding:2px 8px;\
        text-align:right}th{background:#f3f3f3}td.text,th.text{text-align:left}\
        .note{color:#555;font-size:.9em}.notes{white-space:pre-wrap;background:#fafafa;border:1px solid #eee;\
        padding:8px;font-size:.9em}\
        figure{margin:.5em 0 1.2em}figcaption{font-size:.9em;color:#444}\
        .strip-box{overflow-x:auto}svg.strip,svg.trend{display:block;max-width:none}\
        .level-low{color:#2e7d32}.level-moderate{color:#b26a00}.level-high,.level-critical{color:#c62828}\
        @media print{body{margin:0;max-width:none}figure{break-inside:avoid}}
        """

    // MARK: Sections

    static func summary(_ r: AnalysisReport, fileName: String) -> String {
        let e = HTMLText.escape
        let n = { (v: Double?) in v.map { HTMLText.number($0, places: 1) } ?? "–" }
        var s = "<section id=\"summary\"><h1>ECG report: <span id=\"file-name\">\(e(fileName))</span></h1><dl class=\"facts\">"
        func row(_ term: String, _ value: String, id: String? = nil) {
            s += "<dt>\(term)</dt><dd\(id.map { " id=\"\($0)\"" } ?? "")>\(value)</dd>"
        }
        row("Duration", "\(HTMLText.clock(r.signal.durationS)) (\(HTMLText.number(r.signal.durationS, places: 1)) s)")
        row("Leads", "analysed \(e(r.signal.lead)) of \(r.signal.leadsAvailable.map(e).joined(separator: ", "))"
            + (r.signal.polarityInverted ? " (inverted for analysis)" : ""))
        row("Sampling rate", "\(HTMLText.number(r.signal.sampleRateHz)) Hz (\(e(r.signal.sampleRateSource.replacingOccurrences(of: "_", with: " "))), \(e(r.signal.sourceFormat)))")
        row("Rhythm", e(r.rhythm.label), id: "rhythm")
        row("Heart rate", "\(n(r.heartRate.meanBPM)) bpm mean, \(n(r.heartRate.minBPM))–\(n(r.heartRate.maxBPM)) bpm",
            id: "heart-rate")
        row("Diagnosis", "<strong>\(e(r.diagnosis.label))</strong>: \(e(r.diagnosis.summary))", id: "diagnosis")
        row("Score", "<span class=\"level-\(e(r.score.level.rawValue))\">\(r.score.value)/100, \(e(r.score.level.rawValue))</span>: \(e(r.score.recommendation))",
            id: "score")
        let total = r.beatCounts.values.reduce(0, +)
        let labels = r.beatCounts.sorted { $0.key < $1.key }.map { "\(e($0.key)) \($0.value)" }.joined(separator: ", ")
        let reading = r.beatReading
        let shapes = reading.shapeLeads.isEmpty
            ? "" : "; QRS shapes compared in \(reading.shapeLeads.map(e).joined(separator: ", ")), "
                + "\(reading.ventricularReadAsNormal) V label(s) read as N"
        row("Beats", "\(total) (\(labels)); labelled by the model on \(e(reading.modelLead))\(shapes)", id: "beats")
        s += "</dl><h3>Doctors' notes</h3><div class=\"notes\" id=\"doctors-notes\">\(e(r.doctorsNotes))</div></section>\n"
        return s
    }

    /// True when the report lists every beat (the trend and the strips' labels need them all).
    static func listsEveryBeat(_ r: AnalysisReport) -> Bool {
        r.beats.count == r.beatCounts.values.reduce(0, +)
    }

    static func trend(_ r: AnalysisReport) -> String {
        var s = "<section id=\"trend\"><h2>Heart-rate trend</h2>"
        guard listsEveryBeat(r) else {
            return s + "<p class=\"note\">Not available: the result lists only some of the beats.</p></section>\n"
        }
        let trend = HeartRateTrend(times: r.beats.map(\.timeS), durationS: r.signal.durationS)
        s += "<p class=\"note\">Per \(binName(trend.binSeconds)): mean heart rate (line) and the range from the lowest "
        s += "to the highest running median of 5 RR intervals (band).</p>"
        s += HeartRateTrendPlot.svg(trend) + "</section>\n"
        return s
    }

    static func binName(_ seconds: Double) -> String {
        seconds >= 60 ? "\(HTMLText.number(seconds / 60)) min" : "\(HTMLText.number(seconds)) s"
    }

    static func hourly(_ h: HolterSummary) -> String {
        let n = { (v: Double?) in v.map { HTMLText.fixed($0) } ?? "–" }
        var s = "<section id=\"hourly\"><h2>Hourly summary</h2><table><thead><tr><th>Hour</th><th>From</th>"
        s += "<th>Mean bpm</th><th>Min bpm</th><th>Max bpm</th><th>Beats</th><th>N</th><th>S</th><th>V</th><th>F</th>"
        s += "<th>Q</th><th>Pauses</th><th>V runs</th><th>SV runs</th></tr></thead><tbody>"
        for hour in h.hours.prefix(maxTableRows) {
            let b = hour.beats
            s += "<tr><td>\(hour.hour + 1)</td><td>\(HTMLText.clock(hour.startS))</td><td>\(n(hour.meanBPM))</td>"
            s += "<td>\(n(hour.minBPM))</td><td>\(n(hour.maxBPM))</td><td>\(b.total)</td><td>\(b.normal)</td>"
            s += "<td>\(b.supraventricular)</td><td>\(b.ventricular)</td><td>\(b.fusion)</td><td>\(b.unknown)</td>"
            s += "<td>\(hour.pauses)</td><td>\(hour.ventricularRuns)</td><td>\(hour.supraventricularRuns)</td></tr>"
        }
        s += "</tbody></table>" + more(h.hours.count, noun: "hours") + "</section>\n"
        return s
    }

    static func holterEpisodes(_ h: HolterSummary) -> String {
        let ep = h.episodes
        var s = "<section id=\"episodes\"><h2>Episodes</h2>"
        s += "<h3>Atrial fibrillation</h3><p id=\"af-burden\">AF burden \(HTMLText.number(ep.afBurdenPct)) % "
        s += "(\(ep.atrialFibrillation.count) episode\(ep.atrialFibrillation.count == 1 ? "" : "s")).</p>"
        s += afTable(ep.atrialFibrillation.map { ($0.onsetS, $0.offsetS, $0.durationS) })
        s += "<h3>Ventricular runs</h3>" + runTable(ep.ventricularRuns)
        s += "<h3>Supraventricular runs</h3>" + runTable(ep.supraventricularRuns)
        s += "<h3>Pauses (RR over \(HTMLText.number(ep.pauseThresholdS)) s)</h3>" + pauseTable(ep.pauses)
        if let run = ep.longestRun {
            s += "<p>Longest run: \(run.beats) \(run.kind) beats from \(HTMLText.clock(run.onsetS, tenths: true)).</p>"
        }
        if let run = ep.fastestRun {
            s += "<p>Fastest run: \(HTMLText.number(run.rateBPM, places: 1)) bpm, \(run.kind), from \(HTMLText.clock(run.onsetS, tenths: true)).</p>"
        }
        return s + "</section>\n"
    }

    /// Recordings under one hour have no Holter summary: the report's own rhythm episodes and findings, and the runs
    /// and pauses of its beat list by the Holter rules.
    static func shortEpisodes(_ r: AnalysisReport) -> String {
        let e = HTMLText.escape
        var s = "<section id=\"episodes\"><h2>Rhythm episodes and findings</h2><p class=\"note\" id=\"short-note\">"
        s += "Recording under one hour: no hourly table; the episodes below are the analysis' rhythm episodes and "
        s += "the runs and pauses in its beat list.</p>"
        if !r.diagnosis.findings.isEmpty {
            s += "<h3>Findings</h3><ul>" + r.diagnosis.findings.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        s += "<h3>Rhythm episodes</h3>"
        if r.rhythm.episodes.isEmpty {
            s += "<p class=\"note\">None listed.</p>"
        } else {
            s += "<table><thead><tr><th>From</th><th>To</th><th>Duration s</th><th class=\"text\">Rhythm</th></tr></thead><tbody>"
            for episode in r.rhythm.episodes.prefix(maxTableRows) {
                s += "<tr><td>\(HTMLText.clock(episode.startS, tenths: true))</td><td>\(HTMLText.clock(episode.endS, tenths: true))</td>"
                s += "<td>\(HTMLText.fixed(episode.durationS))</td><td class=\"text\">\(e(episode.label))</td></tr>"
            }
            s += "</tbody></table>" + more(r.rhythm.episodes.count, noun: "episodes")
        }
        s += "<p id=\"af-burden\">AF burden \(HTMLText.number(r.rhythm.afBurdenPct)) %.</p>"
        if listsEveryBeat(r) {
            let times = r.beats.map(\.timeS)
            let runs = HolterAnalysis.runs(
                times: times, classes: r.beats.map { AAMIClass(modelLabel: $0.label) }, count: times.count)
            s += "<h3>Ventricular runs</h3>" + runTable(runs.filter { $0.kind == "ventricular" })
            s += "<h3>Supraventricular runs</h3>" + runTable(runs.filter { $0.kind == "supraventricular" })
            s += "<h3>Pauses (RR over \(HTMLText.number(EctopyPatterns.pauseThreshold)) s)</h3>"
            s += pauseTable(HolterAnalysis.pauses(times: times, count: times.count))
        }
        return s + "</section>\n"
    }

    static func afTable(_ rows: [(onset: Double, offset: Double, duration: Double)]) -> String {
        guard !rows.isEmpty else { return "<p class=\"note\">None.</p>" }
        var s = "<table class=\"af\"><thead><tr><th>Onset</th><th>Offset</th><th>Duration s</th></tr></thead><tbody>"
        for row in rows.prefix(maxTableRows) {
            s += "<tr><td>\(HTMLText.clock(row.onset, tenths: true))</td><td>\(HTMLText.clock(row.offset, tenths: true))</td>"
            s += "<td>\(HTMLText.fixed(row.duration))</td></tr>"
        }
        return s + "</tbody></table>" + more(rows.count, noun: "episodes")
    }

    static func runTable(_ runs: [HolterRun]) -> String {
        guard !runs.isEmpty else { return "<p class=\"note\">None.</p>" }
        var s = "<table class=\"runs\"><thead><tr><th>Onset</th><th>Offset</th><th>Duration s</th><th>Beats</th>"
        s += "<th>Rate bpm</th><th>≥ 100 bpm</th></tr></thead><tbody>"
        for run in runs.prefix(maxTableRows) {
            s += "<tr><td>\(HTMLText.clock(run.onsetS, tenths: true))</td><td>\(HTMLText.clock(run.offsetS, tenths: true))</td>"
            s += "<td>\(HTMLText.fixed(run.durationS, places: 2))</td><td>\(run.beats)</td><td>\(HTMLText.fixed(run.rateBPM))</td>"
            s += "<td>\(run.tachycardia ? "yes" : "no")</td></tr>"
        }
        return s + "</tbody></table>" + more(runs.count, noun: "runs")
    }

    static func pauseTable(_ pauses: [HolterPause]) -> String {
        guard !pauses.isEmpty else { return "<p class=\"note\">None.</p>" }
        var s = "<table class=\"pauses\"><thead><tr><th>From</th><th>To</th><th>Duration s</th></tr></thead><tbody>"
        for pause in pauses.prefix(maxTableRows) {
            s += "<tr><td>\(HTMLText.clock(pause.onsetS, tenths: true))</td><td>\(HTMLText.clock(pause.offsetS, tenths: true))</td>"
            s += "<td>\(HTMLText.fixed(pause.durationS, places: 2))</td></tr>"
        }
        return s + "</tbody></table>" + more(pauses.count, noun: "pauses")
    }

    static func more(_ count: Int, noun: String) -> String {
        count > maxTableRows
            ? "<p class=\"note more\">\(count - maxTableRows) more \(noun) not shown (all \(count) are in the JSON result).</p>"
            : ""
    }

    static func hrv(_ r: AnalysisReport) -> String {
        let ms = { (v: Double?) in v.map { HTMLText.fixed($0) } ?? "–" }
        var s = "<section id=\"hrv\"><h2>Heart-rate variability</h2><table><thead><tr><th class=\"text\">Measure</th>"
        s += "<th>Value</th><th class=\"text\">Note</th></tr></thead><tbody>"
        func row(_ name: String, _ value: String, _ note: String = "") {
            s += "<tr><td class=\"text\">\(name)</td><td>\(value)</td><td class=\"text\">\(HTMLText.escape(note))</td></tr>"
        }
        if let h = r.holter?.hrv {
            row("NN intervals", "\(h.nnIntervals)")
            row("SDNN", "\(ms(h.sdnnMs)) ms", "whole recording")
            row("SDANN", "\(ms(h.sdannMs)) ms", "SD of \(HTMLText.number(h.windowS / 60))-min means")
            row("SDNN index", "\(ms(h.sdnnIndexMs)) ms", "mean of \(HTMLText.number(h.windowS / 60))-min SDs")
            row("RMSSD", "\(ms(h.rmssdMs)) ms")
            row("pNN50", "\(ms(h.pnn50Pct)) %")
            row("HRV triangular index", h.triangularIndex.map { HTMLText.fixed($0, places: 2) } ?? "–", "1/128-s bins")
        } else {
            let v = r.hrv
            row("NN intervals", "\(v.nnIntervals)")
            for (name, value) in [("SDNN", v.sdnn), ("RMSSD", v.rmssd), ("pNN50", v.pnn50)] {
                row(name, "\(ms(value.value)) \(HTMLText.escape(value.unit))", value.reason ?? "")
            }
        }
        return s + "</tbody></table></section>\n"
    }

    static func events(_ r: AnalysisReport, strips: [ECGStrip]) -> String {
        var rows: [(time: Double, duration: Double?, source: String, text: String)] = []
        for a in r.recordingAnnotations { rows.append((a.onsetS, a.durationS, "file", a.text)) }
        for strip in strips { rows.append((strip.highlight?.lowerBound ?? strip.startS, nil, "analysis", "\(strip.title): \(strip.caption)")) }
        rows.sort { $0.time < $1.time }
        var s = "<section id=\"events\"><h2>Event list</h2><p class=\"note\">Annotations stored in the file "
        s += "(\(r.recordingAnnotations.count)) and the events shown as strips.</p>"
        if rows.isEmpty { return s + "<p class=\"note\">None.</p></section>\n" }
        s += "<table><thead><tr><th>Time</th><th>Duration s</th><th class=\"text\">Source</th><th class=\"text\">Text</th></tr></thead><tbody>"
        for row in rows.prefix(maxTableRows * 3) {
            s += "<tr class=\"\(row.source == "file" ? "annotation" : "event")\"><td>\(HTMLText.clock(row.time, tenths: true))</td>"
            s += "<td>\(row.duration.map { HTMLText.number($0) } ?? "")</td><td class=\"text\">\(row.source)</td>"
            s += "<td class=\"text\">\(HTMLText.escape(row.text))</td></tr>"
        }
        s += "</tbody></table>"
        if rows.count > maxTableRows * 3 {
            s += "<p class=\"note more\">\(rows.count - maxTableRows * 3) more events not shown.</p>"
        }
        return s + "</section>\n"
    }

    static func stripsSection(_ strips: [ECGStrip]) -> String {
        var s = "<section id=\"strips\"><h2>Strips</h2><p class=\"note\">25 mm/s, 10 mm/mV (the pulse at the left is "
        s += "1 mV), 1-mm and 5-mm grid; band-pass 0.5–40 Hz; beat labels above the R peaks (N normal, S "
        s += "supraventricular, V ventricular, F fusion, Q unclassified); the event is shaded.</p>"
        if strips.isEmpty { return s + "<p class=\"note\">No strips.</p></section>\n" }
        for (i, strip) in strips.enumerated() {
            s += "<figure class=\"strip-figure\"><h3>\(HTMLText.escape(strip.title))</h3><div class=\"strip-box\">"
            s += ECGPaper.svg(strip, id: "\(i)")
            s += "</div><figcaption>\(HTMLText.escape(strip.caption)); lead \(HTMLText.escape(strip.lead)), "
            s += "\(HTMLText.clock(strip.startS, tenths: true)) to \(HTMLText.clock(strip.startS + strip.durationS, tenths: true)).</figcaption></figure>"
        }
        return s + "</section>\n"
    }

    static func notes(_ r: AnalysisReport) -> String {
        let e = HTMLText.escape
        var s = "<section id=\"notes\"><h2>Notes</h2>"
        if !r.warnings.isEmpty {
            s += "<ul class=\"warnings\">" + r.warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        }
        s += "<p class=\"note\">Model \(e(r.model.file)) (\(r.model.labels.map(e).joined(separator: ", "))), engine "
        s += "\(e(r.model.engineVersion)). <span id=\"disclaimer\">Research and education only; not a medical device.</span></p>"
        return s + "</section>\n"
    }
}
