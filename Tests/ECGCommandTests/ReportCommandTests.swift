import Foundation
import Testing

/// `ecg report FILE --html OUT`: a page from the committed EDF+ fixture, and one-line errors for bad input.
/// Serialized: each case blocks a thread while it waits for its child process.
@Suite(.serialized) struct ReportCommandTests {
    static let fixture = ModelInfoDamagedFileTests.fixtures.appendingPathComponent("edf/mitdb202_af_onset.edf")

    func temporaryHTML() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ecg-report-\(UUID().uuidString).html")
    }

    @Test func writesASelfContainedPageFromAnEDFFile() throws {
        let out = temporaryHTML()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try ECGRun(["report", Self.fixture.path, "--lead", "MLII", "--html", out.path])
        #expect(run.status == 0, "\(run.errorOutput)")
        #expect(run.output.isEmpty)
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for id in ["summary", "trend", "episodes", "hrv", "events", "strips", "notes"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(html.contains("<span id=\"file-name\">mitdb202_af_onset.edf</span>"))
        #expect(html.contains("analysed MLII of MLII, V1"))
        // The file's EDF+ annotations are in the event list.
        #expect(html.contains("MIT-BIH 202 from 1120 s"))
        #expect(html.contains("(AFIB"))
        #expect(html.contains("<svg class=\"strip\""))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
    }

    @Test func theSameLeadOptionAsAnalyze() throws {
        let out = temporaryHTML()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try ECGRun(["report", Self.fixture.path, "--lead", "V1", "--html", out.path])
        #expect(run.status == 0, "\(run.errorOutput)")
        #expect(try String(contentsOf: out, encoding: .utf8).contains("analysed V1 of MLII, V1"))
        let missing = try ECGRun(["report", Self.fixture.path, "--lead", "V9", "--html", out.path])
        #expect(missing.status == 1)
        #expect(missing.errorOutput.split(separator: "\n").count == 1)
    }

    @Test func badInputIsOneLineOnStderr() throws {
        let out = temporaryHTML()
        let cases: [[String]] = [
            ["report", "/nonexistent/rec.edf", "--html", out.path],
            ["report", Self.fixture.path, "--html", "/nonexistent-folder/out.html"],
        ]
        for arguments in cases {
            let run = try ECGRun(arguments)
            #expect(run.signal == nil)
            #expect(run.status == 1, "\(arguments)")
            let lines = run.errorOutput.split(separator: "\n")
            #expect(lines.count == 1 && lines.first?.hasPrefix("error: ") == true, "\(run.errorOutput)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // --html is required.
        let run = try ECGRun(["report", Self.fixture.path])
        #expect(run.status != 0)
    }
}
