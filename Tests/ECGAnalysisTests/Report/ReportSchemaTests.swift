import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct ReportSchemaTests {
    static let schemaURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/result.schema.json")

    func report(bpm: Double, pattern: [[SyntheticECG.Wave]]) throws -> AnalysisReport {
        let times = SyntheticECG.regularTimes(bpm: bpm, duration: 40)
        let morphologies = times.indices.map { pattern[$0 % pattern.count] }
        let x = SyntheticECG.signal(duration: 40, sampleRate: 360, rTimes: times, morphologies: morphologies, noise: 0.02)
        let recording = ECGRecording(
            leads: [ECGLead(name: "II", samples: x)], sampleRate: 360, sampleRateSource: .assumedDefault,
            warnings: ["no sample rate in the file; assumed 360 Hz"], sourceFormat: "csv")
        return try TestModel.analyzer().analyze(recording)
    }

    @Test func producedJSONMatchesTheSchema() throws {
        let checker = try SchemaChecker(schemaURL: Self.schemaURL)
        // One report with every interval measured, one with nulls (no P waves, no normal beats to average).
        let reports = [
            try report(bpm: 72, pattern: [SyntheticECG.normalBeat]),
            try report(bpm: 150, pattern: [SyntheticECG.ventricularBeat]),
        ]
        #expect(reports[1].intervals.pr.value == nil)
        // A beat whose reported label is not the model's (an S label inside atrial fibrillation) carries model_label.
        var relabelled = reports[0]
        relabelled.beats[0].modelLabel = "S"
        let beat = try #require(
            (try JSONSerialization.jsonObject(with: relabelled.jsonData()) as? [String: Any])?["beats"] as? [[String: Any]])
        #expect(beat[0]["model_label"] as? String == "S" && beat[1]["model_label"] == nil)
        for report in reports + [relabelled] {
            for pretty in [false, true] {
                let problems = try checker.violations(of: report.jsonData(prettyPrinted: pretty))
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test func checkerCatchesMissingAndUnknownKeys() throws {
        let checker = try SchemaChecker(schemaURL: Self.schemaURL)
        let json = try report(bpm: 72, pattern: [SyntheticECG.normalBeat]).jsonData()
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        object.removeValue(forKey: "doctors_notes")
        object["unexpected"] = 1
        var intervals = try #require(object["intervals"] as? [String: Any])
        intervals.removeValue(forKey: "qt_ms")
        object["intervals"] = intervals
        let problems = try checker.violations(of: JSONSerialization.data(withJSONObject: object))
        #expect(problems.contains { $0.contains("'doctors_notes'") })
        #expect(problems.contains { $0.contains("'unexpected'") })
        #expect(problems.contains { $0.contains("$.intervals") && $0.contains("'qt_ms'") })
    }

    @Test func requiredTopLevelSectionsAndNullsWithReasons() throws {
        let report = try report(bpm: 150, pattern: [SyntheticECG.ventricularBeat])
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        for key in ["diagnosis", "score", "doctors_notes", "signal", "intervals", "hrv", "model", "timing", "beats"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let pr = try #require((object["intervals"] as? [String: Any])?["pr_ms"] as? [String: Any])
        #expect(pr["value"] is NSNull)
        #expect((pr["reason"] as? String)?.isEmpty == false)
        let beat = try #require((object["beats"] as? [[String: Any]])?.first)
        #expect(Set(beat.keys) == ["sample", "time_s", "label", "probability", "waves"])
        let waves = try #require(beat["waves"] as? [String: Any])
        #expect(Set(waves.keys) == ["p_on", "p_peak", "p_off", "qrs_on", "qrs_off", "t_peak", "t_off"])
        let quality = try #require((object["intervals"] as? [String: Any])?["quality"] as? [String: Any])
        let prQuality = try #require(quality["pr"] as? [String: Any])
        #expect(prQuality["status"] as? String == "not_measurable" && (prQuality["reason"] as? String)?.isEmpty == false)
        #expect(report.warnings.contains("no sample rate in the file; assumed 360 Hz"))
    }
}
