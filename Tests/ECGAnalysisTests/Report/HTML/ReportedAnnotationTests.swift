import Foundation
import Testing
@testable import ECGAnalysis

/// EDF+ annotations in the result: `recording_annotations`, bounded in count and text length.
@Suite struct ReportedAnnotationTests {
    @Test func edfAnnotationsReachTheResult() throws {
        let path = EDFReaderTests.folder.appendingPathComponent("mitdb100_edfplus.edf").path
        let report = try TestModel.analyzer().analyze(path: path)
        let expected = try JSONSerialization.jsonObject(
            with: Data(contentsOf: EDFReaderTests.folder.appendingPathComponent("mitdb100_edfplus.annotations.json")))
            as? [[String: Any]]
        let reference = try #require(expected)
        #expect(report.recordingAnnotations.count == reference.count)
        for (mine, theirs) in zip(report.recordingAnnotations, reference) {
            #expect(mine.text == theirs["text"] as? String)
            #expect(abs(mine.onsetS - (theirs["onset"] as? Double ?? -1)) < 1e-3)
        }
        let checker = try SchemaChecker(schemaURL: ReportSchemaTests.schemaURL)
        let problems = try checker.violations(of: report.jsonData())
        #expect(problems.isEmpty, "\(problems)")
        let object = try #require(try JSONSerialization.jsonObject(with: report.jsonData()) as? [String: Any])
        let first = try #require((object["recording_annotations"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["onset_s", "duration_s", "text"])
        #expect(first["duration_s"] is NSNull)
    }

    @Test func theListIsBoundedAndSaysSo() throws {
        let many = (0..<(ReportedAnnotation.maxCount + 5)).reversed().map {
            RecordingAnnotation(onset: Double($0), duration: 0.5, text: $0 == 3 ? String(repeating: "x", count: 900) : "n\($0)")
        }
        let (listed, warning) = ReportedAnnotation.listed(many)
        #expect(listed.count == ReportedAnnotation.maxCount)
        #expect(listed.first?.onsetS == 0 && listed[1].onsetS == 1)  // onset order
        #expect(listed[3].text.count == ReportedAnnotation.maxTextLength)
        #expect(warning?.contains("5 recording annotations beyond the first 1000") == true)
        #expect(warning?.contains("1 recording annotation text(s) cut") == true)
        #expect(ReportedAnnotation.listed([]).warning == nil)

        // The schema refuses a longer list.
        var report = try ReportSchemaTests().report(bpm: 72, pattern: [SyntheticECG.normalBeat])
        report.recordingAnnotations = Array(repeating: listed[0], count: ReportedAnnotation.maxCount + 1)
        let problems = try SchemaChecker(schemaURL: ReportSchemaTests.schemaURL).violations(of: report.jsonData())
        #expect(problems.contains { $0.contains("recording_annotations") && $0.contains("more than 1000") })
    }
}
