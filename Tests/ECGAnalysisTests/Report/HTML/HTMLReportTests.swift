import Foundation
import Testing
@testable import ECGAnalysis

/// The HTML report: its sections, self-containment, escaping, the paper scaling of the strips and the page size.
@Suite struct HTMLReportTests {
    /// 40 s at 72 bpm with one 2.6-s pause at 20 s, analysed by the test model.
    static func shortRecording() -> ECGRecording {
        var times = SyntheticECG.regularTimes(bpm: 72, duration: 20)
        var t = times.last! + 2.6
        while t < 39.3 {
            times.append(t)
            t += 60.0 / 72
        }
        let x = SyntheticECG.signal(
            duration: 40, sampleRate: 360, rTimes: times, morphologies: times.map { _ in SyntheticECG.normalBeat },
            noise: 0.02)
        return ECGRecording(leads: [ECGLead(name: "II", samples: x)], sampleRate: 360, sampleRateSource: .parameter,
                            sourceFormat: "csv")
    }

    static func page(
        _ recording: ECGRecording, fileName: String = "rec.csv", edit: (inout AnalysisReport) -> Void = { _ in }
    ) throws -> (html: String, report: AnalysisReport, strips: [ECGStrip]) {
        var report = try TestModel.analyzer().analyze(recording, options: AnalysisOptions(beatList: .all))
        edit(&report)
        let strips = try StripReader.strips(
            for: StripEvent.select(from: report), report: report, source: InMemoryRecordingSource(recording))
        return (HTMLReport.render(report: report, fileName: fileName, strips: strips), report, strips)
    }

    @Test func sectionsArePresentAndThePageLoadsNothing() throws {
        let (html, report, strips) = try Self.page(Self.shortRecording())
        for id in ["summary", "trend", "episodes", "hrv", "events", "strips", "notes"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        // Under one hour: no hourly table, and the episodes say so.
        #expect(!html.contains("<section id=\"hourly\">"))
        #expect(html.contains("id=\"short-note\">Recording under one hour"))
        // The pause is found from the beats and drawn first, the normal strip last.
        #expect(strips.first?.title == "Longest pause")
        #expect(strips.last?.title == "Representative normal rhythm")
        let pause = try #require(strips.first?.highlight)
        #expect(abs((pause.upperBound - pause.lowerBound) - 2.6) < 0.05)
        #expect(html.components(separatedBy: "<svg class=\"strip\"").count - 1 == strips.count)
        #expect(html.contains("<svg class=\"trend\""))
        #expect(html.contains("<table class=\"pauses\">"))
        #expect(report.beats.count > 40)
        // One lead and no V label: the shape comparison had nothing to compare.
        #expect(report.beatReading == BeatReading(modelLead: "II", shapeLeads: [], ventricularReadAsNormal: 0))
        #expect(html.contains("labelled by the model on II</dd>"))
        for forbidden in ["http://", "https://", "<script", "<link", "src=", "url(http", "@import", "//cdn"] {
            #expect(!html.lowercased().contains(forbidden), "page contains \(forbidden)")
        }
    }

    @Test func hostileStringsAreEscaped() throws {
        let hostile = "<script>alert(\"x\")</script>&<img src=x onerror=alert(1)>'"
        var recording = Self.shortRecording()
        recording.leads[0].name = "II<b>"
        recording.annotations = [RecordingAnnotation(onset: 3, duration: 1.5, text: hostile)]
        let (html, report, _) = try Self.page(recording, fileName: "a\(hostile).csv") { report in
            report.doctorsNotes = hostile
            report.warnings.append(hostile)
            report.beatReading.shapeLeads = [report.beatReading.modelLead, "V1<i>"]
            report.beatReading.ventricularReadAsNormal = 3
        }
        #expect(report.recordingAnnotations.count == 1)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;&#39;"))
        #expect(html.contains("<span id=\"file-name\">a&lt;script&gt;"))
        #expect(html.contains("II&lt;b&gt;"))
        #expect(html.contains("labelled by the model on II&lt;b&gt;; QRS shapes compared in II&lt;b&gt;, V1&lt;i&gt;, 3 V label(s) read as N"))
        // The annotation is in the event list with its duration.
        #expect(html.contains("<tr class=\"annotation\"><td>0:00:03.0</td><td>1.5</td>"))
        #expect(HTMLText.escape("a\u{0}b\u{1B}c\td") == "abc\td")
    }

    /// x = 10 mm + 25 mm/s · t, y = baseline − 10 mm/mV · v; the decimation keeps the samples' own positions.
    @Test func stripSamplesLandOnTheirMillimetres() throws {
        // 250 Hz (no decimation): 0 mV for 1 s, then 1 mV for 1 s.
        let step = (0..<500).map { Float($0 < 250 ? 0 : 1) }
        let beat = BeatReport(ClassifiedBeat(sample: 250, time: 101, label: "V", probability: 0.9))
        var strip = ECGStrip(title: "t", caption: "c", lead: "II", startS: 100, sampleRate: 250, samples: step,
                             beats: [beat], highlight: nil)
        var layout = ECGPaper.layout(strip)
        #expect(layout.widthMM == 60)  // 10 + 2 s · 25 mm/s
        #expect(layout.baselineMM.truncatingRemainder(dividingBy: 5) == 0)
        var points = ECGPaper.points(strip, layout: layout)
        #expect(points.count == 500)
        for (i, p) in points.enumerated() {
            #expect(abs(p.x - (10 + Double(i) * 0.1)) < 1e-9)
            #expect(abs(p.y - (layout.baselineMM - (i < 250 ? 0 : 10))) < 1e-9)
        }
        let svg = ECGPaper.svg(strip, id: "x")
        #expect(svg.contains("width=\"60mm\""))
        #expect(svg.contains("viewBox=\"0 0 60 \(HTMLText.number(layout.heightMM))\""))
        // Calibration: 2 mm flat, then 10 mm (1 mV) up for 5 mm (0.2 s).
        let b = layout.baselineMM
        #expect(svg.contains("d=\"M0 \(HTMLText.number(b))H2V\(HTMLText.number(b - 10))H7V\(HTMLText.number(b))H10\""))
        // The beat at 1 s into the strip is labelled at x = 35 mm.
        #expect(svg.contains("<text class=\"beat\" x=\"35\""))
        #expect(svg.contains(">V</text>"))

        // 1000 Hz: decimated to 0.2-mm columns; every point is still a sample at its own x and y, peaks kept.
        let spike = (0..<2000).map { i -> Float in i == 1234 ? 2.5 : (i == 1500 ? -1.2 : 0) }
        strip = ECGStrip(title: "t", caption: "c", lead: "II", startS: 0, sampleRate: 1000, samples: spike, beats: [],
                         highlight: nil)
        layout = ECGPaper.layout(strip)
        points = ECGPaper.points(strip, layout: layout)
        #expect(points.count <= 2 * 375 + 2 && points.count > 2 * 125)
        #expect(points.contains { abs($0.x - (10 + 1.234 * 25)) < 1e-9 && abs($0.y - (layout.baselineMM - 25)) < 1e-9 })
        // −1.2 mV is stored as a Float: within 1e-5 mm.
        #expect(points.contains { abs($0.x - (10 + 1.5 * 25)) < 1e-9 && abs($0.y - (layout.baselineMM + 12)) < 1e-5 })
        #expect(abs(layout.upMV - 2.5) < 1e-6 && abs(layout.downMV - 1.2) < 1e-6)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x })
    }

    @Test func theRepresentativeStripCountsEveryBeatInItsWindow() throws {
        let times = stride(from: 0.5, to: 30, by: 0.5).map { $0 }
        // Every third beat ventricular: no window of only normal beats.
        let classes = times.indices.map { $0 % 3 == 0 ? AAMIClass.ventricular : .normal }
        let event = try #require(StripEvent.representativeNormal(times: times, classes: classes, durationS: 30))
        let inside = times.indices.filter { times[$0] >= event.window.lowerBound && times[$0] < event.window.upperBound }
        let abnormal = inside.filter { classes[$0] != .normal }.count
        #expect(event.title == "Representative stretch")
        #expect(event.caption.hasPrefix("\(inside.count - abnormal) of \(inside.count) beats normal"), "\(event.caption)")
        // Only normal beats from 20 s on: that stretch is chosen.
        let later = times.indices.map { times[$0] < 20 && $0 % 3 == 0 ? AAMIClass.ventricular : .normal }
        let normal = try #require(StripEvent.representativeNormal(times: times, classes: later, durationS: 30))
        #expect(normal.title == "Representative normal rhythm")
        #expect(normal.window.lowerBound >= 19)
        #expect(times.indices.filter { normal.window.contains(times[$0]) }.allSatisfy { later[$0] == .normal })
    }

    @Test func trendBinsFollowTheRecordingLength() {
        let day = HeartRateTrend(times: stride(from: 0.5, to: 86_400, by: 1.0).map { $0 }, durationS: 86_400)
        #expect(day.binSeconds == 300 && day.bins.count == 288)
        #expect(day.bins.allSatisfy { $0.meanBPM == 60 && $0.minBPM == 60 && $0.maxBPM == 60 })
        let short = HeartRateTrend(times: [0.5, 1.5, 2.5, 3.5, 4.5, 30.5, 31.5], durationS: 40)
        #expect(short.binSeconds == 10 && short.bins.count == 4)
        #expect(short.bins[0].meanBPM == 60)
        #expect(short.bins[1].meanBPM == nil && short.bins[2].meanBPM == nil)  // no beats: a gap, not zero
    }

    /// A 24-hour report with thousands of pauses and runs and four 20-s strips of noise (the worst case for the
    /// decimation) stays under 400 kB; the tables are cut and say so.
    @Test func aDayLongReportStaysSmall() throws {
        var base = try Self.page(Self.shortRecording()).report
        var times: [Double] = []
        var labels: [String] = []
        var t = 0.5
        var i = 0
        while t < 86_399 {
            times.append(t)
            let ectopic = i % 500 >= 497  // a run of three V beats every 500 beats
            labels.append(ectopic ? "V" : "N")
            t += i % 300 == 299 ? 2.4 : (ectopic ? 0.4 : 0.8)  // a pause every 300 beats
            i += 1
        }
        let beats = zip(times, labels).map { time, label in
            BeatReport(ClassifiedBeat(sample: Int(time * 360), time: time, label: label, probability: 0.9))
        }
        base.beats = beats
        base.beatCounts = ["N": labels.filter { $0 == "N" }.count, "V": labels.filter { $0 == "V" }.count]
        base.signal.durationS = 86_400
        base.holter = HolterAnalysis.summarise(
            times: times, classes: labels.map { AAMIClass(modelLabel: $0) }, rhythm: base.rhythm, durationS: 86_400)
        base.recordingAnnotations = (0..<1000).map { ReportedAnnotation(onsetS: Double($0) * 80, durationS: nil, text: "marker \($0)") }
        var random = SystemRandomNumberGenerator()
        let strips = StripEvent.select(from: base).map { event in
            ECGStrip(title: event.title, caption: event.caption, lead: "II", startS: event.window.lowerBound, sampleRate: 360,
                     samples: (0..<Int(StripEvent.maximumSeconds * 360)).map { _ in Float.random(in: -1...1, using: &random) },
                     beats: StripReader.beats(in: event.window.lowerBound..<event.window.upperBound, of: beats),
                     highlight: event.highlight)
        }
        #expect(strips.count == 3)  // pause, run, normal (no AF)
        let html = HTMLReport.render(report: base, fileName: "day.edf", strips: strips)
        let bytes = html.utf8.count
        #expect(bytes < 400_000, "\(bytes) bytes")
        #expect(html.contains("<section id=\"hourly\">"))
        #expect(html.components(separatedBy: "<tr><td>").count - 1 >= 24)
        #expect(html.contains("more pauses not shown"))
        #expect(html.contains("more runs not shown"))
        #expect(html.contains("more events not shown"))
        #expect(!html.contains("id=\"short-note\""))
    }
}
