import Foundation
import Testing
@testable import ECGAnalysis

@Suite("ECG image digitization")
struct DigitizerTests {
    static let rate = 250.0
    static let red = (fine: (UInt8(255), UInt8(195), UInt8(195)), bold: (UInt8(235), UInt8(120), UInt8(120)))

    /// One 10-s strip with a calibration pulse on a red grid, 5 px/mm (127 dpi).
    static func strip(ppm: Double = 5, gain: Double = 10, grid: Bool = true) -> (SyntheticPaper, [Double]) {
        var paper = SyntheticPaper(pixelsPerMillimetre: ppm, widthMm: 280, heightMm: 70)
        if grid { paper.drawGrid(fine: red.fine, bold: red.bold) }
        let signal = SyntheticPaper.ecg(seconds: 10, rate: rate)
        paper.drawPulse(x0: 20, y0: 40, gain: gain)
        paper.drawTrace(signal, rate: rate, x0: 20, y0: 40, gain: gain)
        return (paper, signal)
    }

    @Test func readsAStripWithItsScaleAndSignal() throws {
        let (paper, signal) = Self.strip()
        let ecg = try ECGDigitizer().digitize(try paper.image())
        #expect(abs(ecg.grid.pixelsPerMillimetre - 5) < 0.02)
        #expect(abs(ecg.grid.rotationDegrees) < 0.05)
        #expect(ecg.grid.millimetresPerMillivolt == 10)
        #expect(ecg.layout == .singleStrip)
        try #require(ecg.leads.count == 1)
        let lead = ecg.leads[0]
        #expect(abs(Double(lead.samples.count) / ecg.sampleRate - 10) < 0.1)
        let snr = SyntheticPaper.snr(reference: signal, rate: Self.rate, estimate: lead.samples, estimateRate: ecg.sampleRate)
        #expect(snr > 15, "SNR \(snr) dB")
        #expect(lead.confidence > 0.8)
        // The placement maps the first sample back onto the drawn baseline (pulse end + 1 mm, 40 mm down).
        let start = try #require(lead.placement).point(time: 0, millivolts: Double(-lead.samples[0]))
        #expect(abs(start.x - 100) < 6 && abs(start.y - 200) < 3)
    }

    @Test func levelsARotatedPage() throws {
        let (paper, signal) = Self.strip()
        let ecg = try ECGDigitizer().digitize(try paper.image(rotatedBy: 2))
        #expect(abs(ecg.grid.rotationDegrees - 2) < 0.1, "rotation \(ecg.grid.rotationDegrees)")
        #expect(abs(ecg.grid.pixelsPerMillimetre - 5) < 0.05)
        let lead = try #require(ecg.leads.first)
        let snr = SyntheticPaper.snr(reference: signal, rate: Self.rate, estimate: lead.samples, estimateRate: ecg.sampleRate)
        #expect(snr > 10, "SNR \(snr) dB")
    }

    @Test func readsTheGainFromTheCalibrationPulse() throws {
        let (paper, signal) = Self.strip(gain: 20)
        let ecg = try ECGDigitizer().digitize(try paper.image())
        #expect(ecg.grid.millimetresPerMillivolt == 20)
        let lead = try #require(ecg.leads.first)
        let snr = SyntheticPaper.snr(reference: signal, rate: Self.rate, estimate: lead.samples, estimateRate: ecg.sampleRate)
        #expect(snr > 15, "SNR \(snr) dB")
    }

    @Test func usesTheStatedResolutionWithoutAGrid() throws {
        let (paper, signal) = Self.strip(grid: false)
        let ecg = try ECGDigitizer().digitize(try paper.image(dotsPerInch: 127))
        #expect(abs(ecg.grid.pixelsPerMillimetre - 5) < 0.01)
        let lead = try #require(ecg.leads.first)
        #expect(lead.confidence <= 0.5)
        let snr = SyntheticPaper.snr(reference: signal, rate: Self.rate, estimate: lead.samples, estimateRate: ecg.sampleRate)
        #expect(snr > 15, "SNR \(snr) dB")
    }

    @Test func findsTheTwelveLeadLayoutAndNamesTheLeads() throws {
        var paper = SyntheticPaper(pixelsPerMillimetre: 4, widthMm: 280, heightMm: 200)
        paper.drawGrid(fine: (200, 230, 200), bold: (100, 170, 100))
        let rows = [40.0, 80, 120, 160]
        var truth: [String: [Double]] = [:]
        for (r, y0) in rows.enumerated() {
            // Different rates per row so a lead read from the wrong row would show.
            let signal = SyntheticPaper.ecg(seconds: 10, rate: Self.rate, bpm: 60 + 10 * Double(r), amplitude: 0.8)
            paper.drawPulse(x0: 20, y0: y0)
            paper.drawTrace(signal, rate: Self.rate, x0: 20, y0: y0)
            if r < 3 {
                for c in 1..<4 {
                    let x = 20 + Double(c) * 62.5
                    paper.drawPolyline([(x, y0 - 2.5), (x, y0 + 2.5)], thickness: 2)
                }
                for (c, name) in LayoutDetector.threeByFour[r].enumerated() {
                    truth[name] = Array(signal[(c * 625)..<((c + 1) * 625)])
                }
            } else {
                truth["rhythm"] = signal
            }
        }
        let ecg = try ECGDigitizer().digitize(try paper.image())
        #expect(ecg.layout == .threeByFourWithRhythm)
        #expect(ecg.leads.map(\.name) == ["I", "aVR", "V1", "V4", "II", "aVL", "V2", "V5", "III", "aVF", "V3", "V6", "II"])
        #expect(ecg.leads.dropLast().map(\.startSeconds).map { ($0 * 4).rounded() / 4 }
            == [0, 2.5, 5, 7.5, 0, 2.5, 5, 7.5, 0, 2.5, 5, 7.5])
        for (i, lead) in ecg.leads.enumerated() {
            let reference = try #require(i == 12 ? truth["rhythm"] : truth[lead.name])
            let snr = SyntheticPaper.snr(reference: reference, rate: Self.rate, estimate: lead.samples, estimateRate: ecg.sampleRate)
            #expect(snr > 10, "\(lead.name): SNR \(snr) dB")
        }
    }

    @Test func readsTwoStripsTopToBottom() throws {
        var paper = SyntheticPaper(pixelsPerMillimetre: 5, widthMm: 280, heightMm: 120)
        paper.drawGrid(fine: Self.red.fine, bold: Self.red.bold)
        let upper = SyntheticPaper.ecg(seconds: 10, rate: Self.rate, bpm: 60, amplitude: 0.8)
        let lower = SyntheticPaper.ecg(seconds: 10, rate: Self.rate, bpm: 90, amplitude: 1.2)
        for (signal, y0) in [(upper, 40.0), (lower, 90.0)] {
            paper.drawPulse(x0: 20, y0: y0)
            paper.drawTrace(signal, rate: Self.rate, x0: 20, y0: y0)
        }
        let ecg = try ECGDigitizer().digitize(try paper.image())
        #expect(ecg.layout == .strips)
        #expect(ecg.leads.map(\.name) == ["strip 1", "strip 2"])
        for (lead, reference) in zip(ecg.leads, [upper, lower]) {
            let snr = SyntheticPaper.snr(reference: reference, rate: Self.rate, estimate: lead.samples, estimateRate: ecg.sampleRate)
            #expect(snr > 15, "\(lead.name): SNR \(snr) dB")
        }
    }

    @Test func rejectsImagesThatAreNotECGs() throws {
        var generator = SystemRandomNumberGenerator()
        let w = 400, h = 300
        let noise = (0..<(w * h * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let blank = [UInt8](repeating: 255, count: w * h * 3)
        // Photograph-like: smooth shading with a dark blob.
        var photo = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                let dx = Double(x - 200), dy = Double(y - 150)
                let v = (dx * dx + dy * dy) < 90 * 90 ? 40 : 120 + (x + y) / 10
                photo[3 * (y * w + x)] = UInt8(v)
                photo[3 * (y * w + x) + 1] = UInt8(min(255, v + 20))
                photo[3 * (y * w + x) + 2] = UInt8(v / 2)
            }
        }
        let tiny = [UInt8](repeating: 0, count: 10 * 10 * 3)
        for (name, rgb) in [("noise", noise), ("blank", blank), ("photo", photo), ("tiny", tiny)] {
            let image = name == "tiny" ? try RasterImage(width: 10, height: 10, rgb: rgb)
                : try RasterImage(width: w, height: h, rgb: rgb)
            #expect(throws: ECGAnalysisError.self, "\(name)") { try ECGDigitizer().digitize(image) }
            do {
                _ = try ECGDigitizer().digitize(image)
            } catch let error as ECGAnalysisError {
                #expect(error.code == "unanalysable_signal", "\(name): \(error)")
            }
        }
    }

    @Test func gridPeriodComesFromTheAutocorrelation() {
        // Bold every 5 mm at 7.3 px/mm plus fine lines: a profile of line darkness.
        let ppm = 7.3
        let profile = (0..<2000).map { i -> Float in
            let mm = Double(i) / ppm
            let fine = abs(mm - mm.rounded()) * ppm < 0.5 ? Float(40) : 0
            let bold = abs(mm / 5 - (mm / 5).rounded()) * 5 * ppm < 0.7 ? Float(100) : 0
            return max(fine, bold)
        }
        let grid = GridDetector.period(of: profile, hint: nil)
        #expect(grid.map { abs($0.pixelsPerMillimetre - ppm) < 0.01 } == true, "\(String(describing: grid))")
        #expect(GridDetector.period(of: [Float](repeating: 3, count: 2000), hint: nil) == nil)
    }
}
