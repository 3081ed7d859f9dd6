import Foundation
@testable import ECGAnalysis

/// Paths and parsed contents of the committed signal fixtures in Tests/Fixtures/ecg (see its README).
enum SignalFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/ecg")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// What wfdb (Python) read from the 10 s excerpt of MIT-BIH record 100.
    struct Excerpt: Decodable {
        struct Annotation: Decodable {
            var sample: Int
            var symbol: String
            var auxNote: String?
        }
        var sampleRate: Double
        var samples: Int
        var signalNames: [String]
        var probeIndices: [Int]
        var probeValuesMv: [[Double]]
        var annotations: [Annotation]
    }

    static func excerpt() throws -> Excerpt {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Excerpt.self, from: Data(contentsOf: folder.appendingPathComponent("mitdb100_excerpt.json")))
    }

    /// The excerpt's MLII lead, read by the WFDB reader.
    static func excerptLead() throws -> (samples: [Float], sampleRate: Double) {
        let recording = try ECGFileReader.read(path: path("mitdb100_212.hea"))
        return (try recording.lead(named: "MLII").samples, recording.sampleRate)
    }
}
