import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct HolterSummaryTests {
    /// 2.5 hours: NN alternating 0.8 / 0.9 s, a 4-beat ventricular run at 0.4 s intervals in hour 0, a 3-beat
    /// supraventricular run at 0.5 s in hour 1, and a 2.5 s pause in hour 2.
    func beats() -> (times: [Double], classes: [AAMIClass]) {
        var times: [Double] = [], classes: [AAMIClass] = []
        var t = 1.0
        var i = 0
        while t < 9000 - 1 {
            times.append(t)
            classes.append(.normal)
            i += 1
            if abs(t - 1800) < 0.45 {
                for _ in 0..<4 { t += 0.4; times.append(t); classes.append(.ventricular) }
                t += 1.2
                continue
            }
            if abs(t - 5000) < 0.45 {
                for _ in 0..<3 { t += 0.5; times.append(t); classes.append(.supraventricular) }
                t += 1.0
                continue
            }
            if abs(t - 8000) < 0.45 { t += 2.5; continue }
            t += i % 2 == 0 ? 0.8 : 0.9
        }
        return (times, classes)
    }

    func rhythm(_ times: [Double], _ classes: [AAMIClass]) -> RhythmAssessment {
        let beats = zip(times, classes).map { ClassifiedBeat(sample: Int($0 * 360), time: $0, label: $1.rawValue, probability: 1) }
        return RhythmClassifier.classify(beats: beats, pWavesPresent: true)
    }

    @Test func hourlyTableCountsEveryBeatOnce() {
        let (times, classes) = beats()
        let summary = HolterAnalysis.summarise(times: times, classes: classes, rhythm: rhythm(times, classes), durationS: 9000)
        #expect(summary.hours.count == 3)
        #expect(summary.hours.map(\.startS) == [0, 3600, 7200])
        #expect(summary.hours.last?.endS == 9000)
        #expect(summary.hours.reduce(0) { $0 + $1.beats.total } == times.count)
        #expect(summary.beatCount == times.count)
        #expect(summary.hours.map(\.beats.ventricular) == [4, 0, 0])
        #expect(summary.hours.map(\.beats.supraventricular) == [0, 3, 0])
        #expect(summary.hours.map(\.ventricularRuns) == [1, 0, 0])
        #expect(summary.hours.map(\.supraventricularRuns) == [0, 1, 0])
        #expect(summary.hours.map(\.pauses) == [0, 0, 1])
        // RR 0.8 / 0.9 s: mean about 70.6 bpm; the fastest 5-interval median is the 0.4 s run.
        let first = summary.hours[0]
        #expect(abs((first.meanBPM ?? 0) - 60 / 0.85) < 0.5)
        #expect(first.maxBPM == 150)
    }

    @Test func episodesListRunsAndPauses() {
        let (times, classes) = beats()
        let e = HolterAnalysis.summarise(times: times, classes: classes, rhythm: rhythm(times, classes), durationS: 9000).episodes
        #expect(e.ventricularRuns.count == 1 && e.supraventricularRuns.count == 1)
        let v = e.ventricularRuns[0]
        #expect(v.beats == 4 && v.rateBPM == 150 && v.tachycardia && abs(v.durationS - 1.2) < 1e-9)
        let s = e.supraventricularRuns[0]
        #expect(s.beats == 3 && s.rateBPM == 120 && s.tachycardia)
        #expect(e.longestRun == v && e.fastestRun == v)
        #expect(e.pauses.count == 1 && e.pauses[0].durationS == 2.5 && abs(e.pauses[0].onsetS - 8000) < 0.5)
        #expect(e.atrialFibrillation.isEmpty && e.afBurdenPct == 0)
    }

    @Test func afEpisodesAndBurdenComeFromTheRhythmEpisodes() {
        // One hour regular, then 30 minutes irregularly irregular without P waves, then regular again.
        var times: [Double] = []
        var t = 0.5
        var seed: UInt64 = 11
        while t < 5400 {
            times.append(t)
            if t > 3600 && t < 5400 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                t += 0.4 + 0.6 * Double(seed >> 11) / Double(1 << 53)
            } else {
                t += 0.8
            }
        }
        let classes = [AAMIClass](repeating: .normal, count: times.count)
        let beats = times.map { ClassifiedBeat(sample: Int($0 * 360), time: $0, label: "N", probability: 1) }
        let rhythm = RhythmClassifier.classify(beats: beats, pWavesPresent: false)
        let summary = HolterAnalysis.summarise(times: times, classes: classes, rhythm: rhythm, durationS: 5400)
        let af = summary.episodes.atrialFibrillation
        #expect(!af.isEmpty)
        for episode in af { #expect(episode.onsetS >= 3500 && episode.offsetS <= 5400 && episode.durationS > 0) }
        let total = af.reduce(0) { $0 + $1.durationS }
        #expect(abs(summary.episodes.afBurdenPct - (total * 100 / 5400).rounded(toPlaces: 2)) < 1e-9)
        #expect(summary.episodes.afBurdenPct > 20)
    }

    @Test func longTermHRVByItsDefinitions() {
        // NN alternating 0.8 / 0.9 s for two hours: RMSSD 100 ms, pNN50 100 %, SDNN ≈ 50 ms, SDANN ≈ 0 (every
        // 5-min window has the same mean), SDNN index ≈ 50 ms, triangular index 2 (two equal histogram bins).
        var times: [Double] = [0]
        for i in 0..<8000 { times.append(times[i] + (i % 2 == 0 ? 0.8 : 0.9)) }
        let hrv = HolterAnalysis.hrv(times: times, classes: .init(repeating: .normal, count: times.count), count: times.count)
        #expect(hrv.nnIntervals == 8000)
        #expect(abs((hrv.rmssdMs ?? 0) - 100) < 0.01)
        #expect(hrv.pnn50Pct == 100)
        #expect(abs((hrv.sdnnMs ?? 0) - 50) < 0.01)
        #expect((hrv.sdannMs ?? 99) < 0.5)
        #expect(abs((hrv.sdnnIndexMs ?? 0) - 50) < 0.1)
        #expect(hrv.triangularIndex == 2)
        let none = HolterAnalysis.hrv(times: [0, 1, 2], classes: [.normal, .ventricular, .normal], count: 3)
        #expect(none.nnIntervals == 0 && none.sdnnMs == nil && none.sdannMs == nil && none.triangularIndex == nil)
    }

    @Test func keysAreSnakeCase() throws {
        // The shared report encoding writes the Holter types' camelCase properties in snake_case.
        var times: [Double] = [0]
        for i in 0..<800 { times.append(times[i] + (i % 2 == 0 ? 0.8 : 0.9)) }
        let hrv = HolterAnalysis.hrv(times: times, classes: .init(repeating: .normal, count: times.count), count: times.count)
        let json = try #require(try JSONSerialization.jsonObject(with: ReportEncoding.encode(hrv)) as? [String: Any])
        #expect(Set(json.keys) == ["nn_intervals", "sdnn_ms", "sdann_ms", "sdnn_index_ms", "rmssd_ms", "pnn50_pct",
                                   "triangular_index", "window_s"])
    }

    @Test func beatListModes() throws {
        let analyzer = try TestModel.analyzer()
        let times = SyntheticECG.regularTimes(bpm: 75, duration: 30)
        let morphologies = times.indices.map { $0 % 5 == 2 ? SyntheticECG.ventricularBeat : SyntheticECG.normalBeat }
        var rTimes = times
        for i in rTimes.indices where i % 5 == 2 { rTimes[i] -= 0.3 }
        let x = SyntheticECG.signal(duration: 30, sampleRate: 360, rTimes: rTimes, morphologies: morphologies, noise: 0.02)
        let recording = ECGRecording(leads: [ECGLead(name: "MLII", samples: x)], sampleRate: 360, sampleRateSource: .file, sourceFormat: "csv")
        let all = try analyzer.analyze(recording)
        #expect(all.holter == nil)
        #expect(all.beats.count == times.count && !all.heartRate.rrMs.isEmpty)
        let summary = try analyzer.analyze(recording, options: AnalysisOptions(beatList: .summary))
        #expect(summary.beats == all.beats.filter { $0.label != "N" })
        #expect(!summary.beats.isEmpty && summary.heartRate.rrMs.isEmpty)
        #expect(summary.beatCounts == all.beatCounts)
        let none = try analyzer.analyze(recording, options: AnalysisOptions(beatList: BeatListMode.none))
        #expect(none.beats.isEmpty && none.heartRate.rrMs.isEmpty && none.heartRate.meanBPM == all.heartRate.meanBPM)
        #expect(BeatListMode.automatic(durationSeconds: 3599) == .all && BeatListMode.automatic(durationSeconds: 3601) == .summary)
    }

    @Test func reportCarriesTheHolterSummaryInSnakeCase() throws {
        // A report over one hour gets `holter` and the automatic beat list (summary); keys under it are snake_case.
        let analyzer = try TestModel.analyzer()
        let times = SyntheticECG.regularTimes(bpm: 60, duration: 30)
        let x = SyntheticECG.signal(
            duration: 30, sampleRate: 360, rTimes: times,
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: times.count), noise: 0.01)
        let recording = ECGRecording(leads: [ECGLead(name: "MLII", samples: x)], sampleRate: 360, sampleRateSource: .file, sourceFormat: "csv")
        var long = try analyzer.analyze(recording)
        #expect(long.holter == nil)
        let (beatTimes, classes) = beats()
        long.beats = zip(beatTimes, classes).map { t, c in
            BeatReport(ClassifiedBeat(sample: Int(t * 360), time: t, label: c.rawValue, probability: 1))
        }
        long.signal.durationS = 9000
        let report = analyzer.finished(long, options: AnalysisOptions())
        let holter = try #require(report.holter)
        #expect(holter.hours.count == 3 && holter.beatCount == beatTimes.count)
        #expect(report.beats.count == 7 && report.heartRate.rrMs.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        let object = try #require(json["holter"] as? [String: Any])
        let hour = try #require((object["hours"] as? [[String: Any]])?.first)
        #expect(hour["mean_bpm"] != nil && hour["start_s"] != nil && hour["ventricular_runs"] != nil)
        #expect((hour["beats"] as? [String: Any])?["supraventricular"] != nil)
        let hrv = try #require(object["hrv"] as? [String: Any])
        #expect(hrv["sdann_ms"] != nil && hrv["triangular_index"] != nil && hrv["pnn50_pct"] != nil)
        let episodes = try #require(object["episodes"] as? [String: Any])
        #expect(episodes["af_burden_pct"] != nil && episodes["longest_run"] != nil && episodes["pause_threshold_s"] != nil)
        #expect((json["beat_counts"] as? [String: Any])?["N"] != nil)
        let checker = try SchemaChecker(schemaURL: ReportSchemaTests.schemaURL)
        for pretty in [false, true] {
            let problems = try checker.violations(of: report.jsonData(prettyPrinted: pretty))
            #expect(problems.isEmpty, "\(problems)")
        }
    }
}
