import ECGAnalysis
import Foundation

// Usage: ecg-consumer FILE [EXPECTED_BPM]
// Analyses FILE with the model bundled in ECGAnalysis and prints the summary. With EXPECTED_BPM (for a normal
// recording such as synthetic_ecg.awk's), exits non-zero unless the mean heart rate is within 3 bpm of it, beats were
// found, and the diagnosis has no findings.

let arguments = CommandLine.arguments.dropFirst()
guard let file = arguments.first else {
    FileHandle.standardError.write(Data("usage: ecg-consumer FILE [EXPECTED_BPM]\n".utf8))
    exit(2)
}

do {
    let analyzer = try ECGAnalyzer()   // the bundled model: no path, any working directory
    let report = try analyzer.analyze(path: file, options: AnalysisOptions(sampleRate: 360))
    let bpm = report.heartRate.meanBPM ?? .nan
    print("diagnosis: \(report.diagnosis.summary)")
    print("score: \(report.score.value)")
    print("heart rate: \(bpm) bpm, beats: \(report.beats.count), labels: \(report.beatCounts)")
    if let expected = arguments.dropFirst().first.flatMap(Double.init) {
        guard abs(bpm - expected) <= 3, !report.beats.isEmpty else {
            FileHandle.standardError.write(Data("error: expected \(expected) bpm, got \(bpm) over \(report.beats.count) beats\n".utf8))
            exit(1)
        }
        guard report.diagnosis.findings.isEmpty else {
            FileHandle.standardError.write(Data("error: a normal recording got findings: \(report.diagnosis.summary)\n".utf8))
            exit(1)
        }
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
