import Foundation
import Testing
@testable import ECGAnalysis

@Suite struct FlutterWavesTests {
    /// The spectrum's power by Goertzel's recurrence equals the DFT sum it replaces, at the frequencies and lengths
    /// the analysis uses (2-12 Hz of a ~60 Hz signal, 6 s to a few minutes).
    @Test(arguments: [17, 360, 600, 1800, 7200])
    func goertzelPowerEqualsTheDirectSum(length: Int) {
        var state: UInt64 = UInt64(length)
        let y = (0..<length).map { k -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 11) / Double(1 << 53) - 0.5
            return sin(2 * .pi * 5 * Double(k) / 60) + 0.3 * noise
        }
        for f in stride(from: 2.0, through: 12.0, by: 0.35) {
            let w = 2 * Double.pi * f / 60
            var re = 0.0, im = 0.0
            for k in 0..<length { re += y[k] * cos(w * Double(k)); im -= y[k] * sin(w * Double(k)) }
            let direct = re * re + im * im
            let goertzel = FlutterWaves.power(of: y, at: w)
            #expect(abs(goertzel - direct) <= 1e-9 * max(1, direct), "f \(f) Hz, n \(length): \(goertzel) vs \(direct)")
        }
        // Four recurrences at once give the very same values, whatever the count of frequencies.
        for count in [1, 3, 4, 5, 201] {
            let omegas = (0..<count).map { 2 * Double.pi * (2 + 0.05 * Double($0)) / 60 }
            #expect(FlutterWaves.powers(of: y, at: omegas) == omegas.map { FlutterWaves.power(of: y, at: $0) })
        }
    }

    @Test func aSawtoothAt5HzIsFoundAndOrganised() {
        let rate = 250.0
        let signal = (0..<Int(10 * rate)).map { k -> Float in
            let phase = (Double(k) / rate * 5).truncatingRemainder(dividingBy: 1)
            return Float(0.2 * (phase - 0.5))
        }
        let peaks = stride(from: 50, to: signal.count, by: 120).map { $0 }   // 125 bpm, 2.4:1
        let waves = FlutterWaves.analyse(signal, sampleRate: rate, rPeaks: peaks, ventricularRateBPM: 125)
        #expect(waves?.frequencyHz == 5)
        var state: UInt64 = 7
        let noise = signal.indices.map { _ -> Float in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Double(state >> 11) / Double(1 << 53) - 0.5) * 0.2
        }
        let scattered = FlutterWaves.analyse(noise, sampleRate: rate, rPeaks: peaks, ventricularRateBPM: 125)
        #expect((waves?.organisation ?? 0) > 2 * (scattered?.organisation ?? 1))
    }
}
