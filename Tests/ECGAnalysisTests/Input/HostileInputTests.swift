import Foundation
import Testing
@testable import ECGAnalysis

/// Deterministic pseudo-random bytes (SplitMix64) for mutation tests.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Mutated copies of valid inputs: every reader must either succeed or throw `ECGAnalysisError`, never trap.
@Suite("Hostile input")
struct HostileInputTests {
    private func mutations(of seed: [UInt8], count: Int, generator: inout SplitMix64) -> [[UInt8]] {
        let alphabet = Array("0123456789,;\t '\"\n\r.-eE:#NaN(mV)uV".utf8) + [0, 0xFF, 0x93]
        return (0..<count).map { _ in
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &generator) where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = alphabet.randomElement(using: &generator) ?? 0
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(alphabet.randomElement(using: &generator) ?? 0, at: position)
                default: bytes = Array(bytes.prefix(position))
                }
            }
            return bytes
        }
    }

    @Test func mutatedCSVNeverTraps() {
        var generator = SplitMix64(state: 42)
        var seed = "'Elapsed time','MLII','V5'\n'hh:mm:ss.mmm','mV','mV'\n"
        for i in 0..<40 { seed += String(format: "'0:%06.3f',%.3f,%.3f\n", Double(i) / 360, sin(Double(i)), cos(Double(i))) }
        for bytes in mutations(of: Array(seed.utf8), count: 400, generator: &generator) {
            do {
                let recording = try ECGFileReader.read(data: Data(bytes), fileName: "x.csv")
                #expect(!recording.leads.isEmpty)
                #expect(recording.leads.allSatisfy { $0.samples.count == recording.sampleCount })
            } catch is ECGAnalysisError {
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
    }

    @Test func mutatedWFDBHeadersAndDataNeverTrap() throws {
        var generator = SplitMix64(state: 7)
        let header = try String(contentsOfFile: SignalFixtures.path("mitdb100_212.hea"), encoding: .utf8)
        let data = try Data(contentsOf: URL(fileURLWithPath: SignalFixtures.path("mitdb100_212.dat")))
        for bytes in mutations(of: Array(header.utf8), count: 300, generator: &generator) {
            do {
                let parsed = try WFDBHeader(text: String(decoding: bytes, as: UTF8.self), maxLeads: 16)
                _ = try WFDBRecordReader.read(header: parsed, options: .init()) { _, limit in data.prefix(limit) }
            } catch is ECGAnalysisError {
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
    }

    @Test func mutatedAnnotationsNeverTrap() throws {
        var generator = SplitMix64(state: 11)
        let seed = try Data(contentsOf: URL(fileURLWithPath: SignalFixtures.path("mitdb100_212.atr")))
        for bytes in mutations(of: Array(seed), count: 400, generator: &generator) {
            do {
                let annotations = try WFDBAnnotationReader.parse(Data(bytes))
                #expect(annotations.allSatisfy { $0.sample >= 0 })
            } catch is ECGAnalysisError {
            } catch {
                Issue.record("untyped error \(error)")
            }
        }
    }

    @Test func randomSignalsThroughFiltersAndDetectorNeverTrap() {
        var generator = SplitMix64(state: 3)
        for _ in 0..<20 {
            let count = Int.random(in: 0...5000, using: &generator)
            let scale: Float = [1e-6, 1, 1e6, 1e30].randomElement(using: &generator) ?? 1
            let x = (0..<count).map { _ in Float.random(in: -1...1, using: &generator) * scale }
            let rate: Double = [0.5, 128, 360, 1000, 44_100].randomElement(using: &generator) ?? 360
            _ = SignalFilters.bandpass(x, sampleRate: rate, low: 0.5, high: 40, order: 2)
            _ = SignalFilters.notch(x, sampleRate: rate, frequency: 50, quality: 30)
            _ = SignalFilters.resample(x, from: rate, to: 250)
            let peaks = RPeakDetector(sampleRate: rate).detect(x)
            #expect(peaks.allSatisfy { $0 >= 0 && $0 < count })
        }
    }
}
