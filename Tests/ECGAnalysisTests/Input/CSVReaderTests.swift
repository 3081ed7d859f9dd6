import Foundation
import Testing
@testable import ECGAnalysis

@Suite("CSV input")
struct CSVReaderTests {
    private func read(_ text: String, name: String = "upload.csv", options: ECGReadOptions = .init()) throws -> ECGRecording {
        try ECGFileReader.read(data: Data(text.utf8), fileName: name, options: options)
    }

    /// A 1 Hz-ish trace of `count` rows, in mV.
    private func millivolts(_ i: Int) -> Double { 1.2 * sin(Double(i) * 0.3) - 0.2 }

    @Test func mitBIHExportWithQuotedHeaderAndADCValues() throws {
        var text = "'sample #','MLII','V5'\n"
        for i in 0..<400 { text += "\(i),\(1024 + Int(200 * millivolts(i))),\(1024 - Int(100 * millivolts(i)))\n" }
        let recording = try read(text)
        #expect(recording.leads.map(\.name) == ["MLII", "V5"])
        #expect(recording.sampleCount == 400)
        #expect(recording.sampleRate == 360)
        #expect(recording.sampleRateSource == .assumedDefault)
        let mlii = try recording.lead(named: nil)
        #expect(mlii.name == "MLII")
        #expect(abs(Double(mlii.samples[5]) - millivolts(5)) < 0.01)
        #expect(recording.warnings.contains { $0.contains("ADC") })
        #expect(recording.warnings.contains { $0.contains("assumed 360 Hz") })
    }

    @Test func physioNetExportWithUnitsRowAndClockTimes() throws {
        var text = "'Elapsed time','MLII','V5'\n'hh:mm:ss.mmm','mV','mV'\n"
        for i in 0..<500 {
            let seconds = Double(i) / 250
            text += String(format: "'0:%06.3f',%.3f,%.3f\n", seconds, millivolts(i), -millivolts(i))
        }
        let recording = try read(text)
        #expect(recording.sampleRate == 250)
        #expect(recording.sampleRateSource == .timeColumn)
        #expect(recording.leads.count == 2)
        #expect(abs(Double(recording.leads[1].samples[7]) + millivolts(7)) < 0.001)
        #expect(!recording.warnings.contains { $0.contains("no stated units") })
    }

    @Test func physioBankTextExportWithQuotedSpacedNames() throws {
        var text = "   'Elapsed time'   'MLII'     'V5'\n   'hh:mm:ss.mmm'    '(mV)'     '(uV)'\n"
        for i in 0..<400 {
            text += String(format: "   '0:%06.3f'   %.3f   %.1f\n", Double(i) / 360, millivolts(i), 1000 * millivolts(i))
        }
        let recording = try read(text, name: "samples.txt")
        #expect(recording.leads.map(\.name) == ["MLII", "V5"])
        #expect(recording.sampleRate == 360)
        #expect(abs(Double(recording.leads[1].samples[9]) - millivolts(9)) < 1e-4)
    }

    @Test func shortUnitsRowDescribesTheSignalColumns() throws {
        var text = "'sample #','MLII','V5'\n'(mV)','(uV)'\n"
        for i in 0..<300 { text += String(format: "%d,%.3f,%.1f\n", i, millivolts(i), 1000 * millivolts(i)) }
        let recording = try read(text)
        #expect(recording.leads.map(\.name) == ["MLII", "V5"])
        #expect(abs(Double(recording.leads[1].samples[4]) - millivolts(4)) < 1e-4)
        #expect(recording.warnings == ["no sample rate in the file; assumed 360 Hz"])
    }

    @Test func semicolonsWithDecimalCommaAndTimeInSeconds() throws {
        var text = "time;ECG\n"
        for i in 0..<300 { text += String(format: "%.4f;%.4f\n", Double(i) / 500, millivolts(i)).replacingOccurrences(of: ".", with: ",") }
        let recording = try read(text)
        #expect(recording.sampleRate == 500)
        #expect(recording.leads.map(\.name) == ["ECG"])
        #expect(abs(Double(recording.leads[0].samples[10]) - millivolts(10)) < 1e-3)
    }

    @Test func tabsWithTimeInMilliseconds() throws {
        var text = "\"t (ms)\"\t\"II\"\t\"V1\"\n"
        for i in 0..<300 { text += String(format: "%.3f\t%.3f\t%.3f\n", Double(i) * 1000 / 360, millivolts(i), 0.5) }
        let recording = try read(text)
        #expect(recording.sampleRate == 360)
        #expect(recording.sampleRateSource == .timeColumn)
        #expect(try recording.lead(named: nil).name == "II")
        #expect(try recording.lead(named: "v1").name == "V1")
    }

    @Test func unnamedTimeColumnInMillisecondsIsInferredFromItsStep() throws {
        var text = ""
        for i in 0..<300 { text += String(format: "%.1f,%.4f\n", Double(i) * 4, millivolts(i)) }
        let recording = try read(text)
        #expect(recording.sampleRate == 250)
        #expect(recording.leads.count == 1)
    }

    @Test func whitespaceWithoutHeaderUsesTheRateParameter() throws {
        var text = ""
        for i in 0..<200 { text += String(format: "  %.4f   %.4f\n", millivolts(i), millivolts(i + 3)) }
        let recording = try read(text, name: "trace.txt", options: ECGReadOptions(sampleRate: 128))
        #expect(recording.leads.map(\.name) == ["lead 1", "lead 2"])
        #expect(recording.sampleRate == 128)
        #expect(recording.sampleRateSource == .parameter)
    }

    @Test func microvoltsFromHeaderAndFromAmplitude() throws {
        var declared = "Lead II [uV]\n"
        var inferred = ""
        for i in 0..<300 {
            declared += String(format: "%.1f\n", 1000 * millivolts(i))
            inferred += String(format: "%.1f\n", 1000 * millivolts(i))
        }
        let fromHeader = try read(declared)
        #expect(abs(Double(fromHeader.leads[0].samples[3]) - millivolts(3)) < 1e-4)
        #expect(fromHeader.leads[0].name == "Lead II")
        let fromStatistics = try read(inferred)
        #expect(abs(Double(fromStatistics.leads[0].samples[3]) - millivolts(3)) < 1e-4)
        #expect(fromStatistics.warnings.contains { $0.contains("µV") })
    }

    @Test func oneLeadPerRow() throws {
        let values = (0..<500).map { String(format: "%.4f", millivolts($0)) }
        let text = "MLII," + values.joined(separator: ",") + "\nV5," + values.reversed().joined(separator: ",") + ",\n"
        let recording = try read(text, options: ECGReadOptions(sampleRate: 250))
        #expect(recording.leads.map(\.name) == ["MLII", "V5"])
        #expect(recording.sampleCount == 500)
        #expect(abs(Double(recording.leads[1].samples[0]) - millivolts(499)) < 1e-4)
        #expect(recording.sampleRateSource == .parameter)

        let bare = try read(values.joined(separator: ";").replacingOccurrences(of: ".", with: ","))
        #expect(bare.leads.count == 1)
        #expect(bare.sampleCount == 500)
    }

    @Test func missingCellsAreHeldAndReported() throws {
        var text = "MLII\n"
        for i in 0..<100 { text += i == 50 ? "NaN\n" : String(format: "%.3f\n", millivolts(i)) }
        let recording = try read(text)
        #expect(recording.leads[0].samples[50] == recording.leads[0].samples[49])
        #expect(recording.warnings.contains { $0.contains("replaced") })
        // A gap in the very first row does not turn it into a header.
        let gapFirst = try read("MLII,V5\n0.1,\n" + (0..<20).map { "0.\($0),0.5" }.joined(separator: "\n"))
        #expect(gapFirst.leads.map(\.name) == ["MLII", "V5"])
        #expect(gapFirst.sampleCount == 21)
    }

    @Test func binaryContentIsInvalidForATextNameAndUnsupportedOtherwise() throws {
        let binary = Data((0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) })
        #expect(throws: ECGAnalysisError.invalidInput("the .csv file is not readable text (binary content)")) {
            try ECGFileReader.read(data: binary, fileName: "trace.csv")
        }
        #expect(throws: ECGAnalysisError.unsupportedFormat("the file is neither delimited text (CSV) nor NPY")) {
            try ECGFileReader.read(data: binary, fileName: "trace.bin")
        }
    }

    @Test func malformedInputGivesTypedErrors() throws {
        #expect(throws: ECGAnalysisError.invalidInput("the file is empty")) { try read("") }
        #expect(throws: ECGAnalysisError.self) { try read("hello world\nthis is text\n") }
        do {
            _ = try read("MLII\n0.1\n0.2\nabc\n0.3\n")
            Issue.record("a text cell in a data row must fail")
        } catch let error as ECGAnalysisError {
            #expect(error.code == "invalid_input")
            #expect(error.description.contains("row 4"))
        }
        #expect(throws: ECGAnalysisError.self) {
            try read((0..<50).map { "\($0)" }.joined(separator: "\n"), options: ECGReadOptions(maxSamples: 10))
        }
        #expect(throws: ECGAnalysisError.self) {
            try CSVTokenizer.lines(of: Array(String(repeating: "1,", count: 600).utf8), maxLineBytes: 1000)
        }
        #expect(throws: ECGAnalysisError.self) { try read("MLII,0.1,0.2,x,0.3" + String(repeating: ",0.1", count: 30)) }
        #expect(throws: ECGAnalysisError.self) { try read((0..<30).map { _ in (0..<40).map { "\($0)" }.joined(separator: ",") }.joined(separator: "\n")) }
    }

    @Test func imageBytesGoToTheImageDecoderAndBinaryIsUnsupported() throws {
        // A PNG cut after its signature is read as an image (by content, whatever the name) and refused as truncated.
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        for name in ["scan.png", "upload", "trace.csv"] {
            #expect(throws: ECGAnalysisError.imageDecoding(.truncated(.png))) { try ECGFileReader.read(data: png, fileName: name) }
        }
        #expect(throws: ECGAnalysisError.unsupportedFormat(
            "TIFF images are not read: convert the image to PNG or JPEG, or upload the signal as CSV, NPY or WFDB")) {
            try ECGFileReader.read(data: Data("II*\u{0}".utf8), fileName: "scan.tiff")
        }
        #expect(throws: ECGAnalysisError.self) {
            try ECGFileReader.read(data: Data([0, 1, 2, 3, 0, 0, 7, 8]), fileName: "blob.bin")
        }
    }

    @Test(arguments: [0.0, -250, .nan, .infinity, 1e300])
    func implausibleRateParametersAreRejected(rate: Double) {
        #expect(throws: ECGAnalysisError.self) {
            try read("MLII\n0.1\n0.2\n", options: ECGReadOptions(sampleRate: rate))
        }
    }

    @Test func unknownLeadNameListsTheAvailableLeads() throws {
        let recording = try read("MLII,V5\n0.1,0.2\n0.2,0.3\n")
        do {
            _ = try recording.lead(named: "V1")
            Issue.record("an unknown lead must fail")
        } catch let error as ECGAnalysisError {
            #expect(error.description.contains("MLII, V5"))
        }
    }
}
