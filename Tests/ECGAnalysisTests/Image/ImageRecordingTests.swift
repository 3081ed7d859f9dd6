import Foundation
import Testing
@testable import ECGAnalysis

/// From a digitization to a recording and a report: lead choice, the `digitized` section, errors on the way.
@Suite("Image recordings")
struct ImageRecordingTests {
    /// A 3×4 + rhythm page as a digitizer reports it: twelve 2.5-s leads and a 10-s lead II, 500 Hz, 72 bpm.
    static func page(rhythmName: String = "II", rhythmConfidence: Double = 0.9) -> DigitizedImage {
        let rate = 500.0
        let full = SyntheticECG.signal(
            duration: 10, sampleRate: rate, rTimes: SyntheticECG.regularTimes(bpm: 72, duration: 10),
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: 12), noise: 0.01)
        let names = ["I", "aVR", "V1", "V4", "II", "aVL", "V2", "V5", "III", "aVF", "V3", "V6"]
        var leads = names.enumerated().map { index, name in
            let column = index % 4
            let start = column * 1250
            return DigitizedLead(
                name: name, startSeconds: Double(column) * 2.5, samples: Array(full[start..<(start + 1250)]), confidence: 0.8)
        }
        leads.append(DigitizedLead(name: rhythmName, startSeconds: 0, samples: full, confidence: rhythmConfidence))
        let ecg = DigitizedECG(
            sampleRate: rate, leads: leads,
            grid: PaperGrid(pixelsPerMillimetre: 11.81, millimetresPerSecond: 25, millimetresPerMillivolt: 10, rotationDegrees: 0.5),
            layout: .threeByFourWithRhythm)
        return DigitizedImage(format: .png, width: 3300, height: 2550, dotsPerInch: 300, ecg: ecg)
    }

    @Test func rhythmStripIsTheLongestLeadII() throws {
        let recording = try ImageRecordingReader.recording(from: Self.page(), options: .init())
        #expect(recording.leads.map(\.name) == ["II"])
        #expect(recording.sampleCount == 5000)
        #expect(recording.sampleRate == 500)
        #expect(recording.sampleRateSource == .image)
        #expect(recording.sourceFormat == "png")
        #expect(recording.warnings.isEmpty)
    }

    @Test func withoutLeadIITheLongestLeadIsAnalysed() throws {
        let recording = try ImageRecordingReader.recording(from: Self.page(rhythmName: "strip 1"), options: .init())
        #expect(recording.leads.first?.name == "strip 1")
        #expect(recording.sampleCount == 5000)
    }

    @Test func equalLengthLeadsFormAMultiLeadRecording() throws {
        var page = Self.page()
        page.ecg.leads.removeLast()
        page.ecg.layout = .threeByFour
        let recording = try ImageRecordingReader.recording(from: page, options: .init())
        #expect(recording.leads.count == 12)
        #expect(recording.leads.first?.name == "II")
        #expect(try recording.lead(named: "V1").samples.count == 1250)
    }

    @Test func aNamedLeadIsChosenAndUnknownNamesAreListed() throws {
        let v1 = try ImageRecordingReader.recording(from: Self.page(), options: .init(lead: "v1"))
        #expect(v1.leads.first?.name == "V1")
        #expect(throws: ECGAnalysisError.invalidInput("no lead named 'MLII' in the image (found: I, aVR, V1, V4, II, aVL, V2, V5, III, aVF, V3, V6)")) {
            try ImageRecordingReader.recording(from: Self.page(), options: .init(lead: "MLII"))
        }
    }

    @Test func uncertainTracesAndIgnoredOptionsAreWarned() throws {
        let recording = try ImageRecordingReader.recording(
            from: Self.page(rhythmConfidence: 0.3), options: .init(sampleRate: 250))
        #expect(recording.warnings.count == 2)
        #expect(recording.warnings.contains { $0.contains("confidence 0.30") })
    }

    @Test func emptyOrBrokenDigitizationsAreUnanalysable() {
        var page = Self.page()
        page.ecg.leads = []
        #expect(throws: ECGAnalysisError.unanalysableSignal("no ECG trace was found in the image")) {
            try ImageRecordingReader.recording(from: page, options: .init())
        }
        page = Self.page()
        page.ecg.sampleRate = .nan
        #expect((try? ImageRecordingReader.recording(from: page, options: .init())) == nil)
    }

    @Test func reportCarriesTheDigitizationAndMatchesTheSchema() throws {
        let recording = try ImageRecordingReader.recording(from: Self.page(), options: .init())
        let report = try TestModel.analyzer().analyze(recording)
        let digitized = try #require(report.digitized)
        #expect(digitized.leads.count == 13)
        #expect(digitized.analysedLeadIndex == 12)
        #expect(digitized.confidence == 0.9)
        #expect(digitized.layout == "3x4+rhythm")
        #expect(report.signal.lead == "II")
        #expect(report.signal.sampleRateSource == "image")
        #expect(abs((report.heartRate.meanBPM ?? 0) - 72) < 2)

        let checker = try SchemaChecker(schemaURL: ReportSchemaTests.schemaURL)
        let json = try report.jsonData()
        #expect(try checker.violations(of: json).isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        let section = try #require(object["digitized"] as? [String: Any])
        let grid = try #require(section["grid"] as? [String: Any])
        #expect(grid["px_per_mm"] as? Double == 11.81 && grid["mm_per_s"] as? Double == 25 && grid["mm_per_mv"] as? Double == 10)
        let image = try #require(section["image"] as? [String: Any])
        #expect(image["dpi"] as? Double == 300)
        let lead = try #require((section["leads"] as? [[String: Any]])?.last)
        #expect((lead["samples"] as? [Double])?.count == 5000)
        #expect(lead["start_s"] as? Double == 0)
        #expect(lead["name_source"] as? String == "assumed")
    }

    @Test func csvReportsHaveNoDigitizedSection() throws {
        let x = SyntheticECG.signal(
            duration: 20, sampleRate: 360, rTimes: SyntheticECG.regularTimes(bpm: 70, duration: 20),
            morphologies: Array(repeating: SyntheticECG.normalBeat, count: 30))
        let recording = ECGRecording(leads: [ECGLead(name: "II", samples: x)], sampleRate: 360, sampleRateSource: .parameter, sourceFormat: "csv")
        let json = try TestModel.analyzer().analyze(recording).jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["digitized"] == nil)
    }

    @Test func fileReaderRoutesImagesByContent() throws {
        func failure(_ bytes: [UInt8], _ name: String, limits: ImageDecodingLimits = .init()) -> ECGAnalysisError? {
            do {
                _ = try ECGFileReader.read(data: Data(bytes), fileName: name, options: .init(imageLimits: limits))
                return nil
            } catch let error as ECGAnalysisError {
                return error
            } catch {
                return .modelFailure("untyped \(error)")
            }
        }
        let bomb = try ImageFixtures.bytes("bomb_16000x16000.png")
        #expect(failure(bomb, "scan.png")?.code == "image_too_large")
        #expect(failure(bomb, "no-extension")?.code == "image_too_large")          // by magic, not by name
        #expect(failure(Array("t,MLII\n0,1\n".utf8), "scan.png") == .imageDecoding(.unrecognizedFormat))
        #expect(failure(Array((try ImageFixtures.bytes("rgb8.png")).prefix(40)), "a.png")?.code == "unreadable_image")
        #expect(failure(try ImageFixtures.bytes("cmyk.jpg"), "a.jpg")?.code == "unsupported_image")
        #expect(failure(try ImageFixtures.bytes("rgb8.png"), "a.png", limits: .init(maxPixels: 10))?.code == "image_too_large")
        #expect(failure(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20), "a.gif")?.code == "unsupported_format")
        // A 13 × 7 test pattern decodes but is no ECG: the digitizer's 422, never an invented answer.
        #expect(failure(try ImageFixtures.bytes("rgb8.png"), "a.png")?.code == "unanalysable_signal")
    }
}
