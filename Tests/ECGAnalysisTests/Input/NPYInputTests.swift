import Foundation
import HDF5Reader
import Testing
@testable import ECGAnalysis

@Suite("NPY input")
struct NPYInputTests {
    private func npy(_ shape: [Int], _ values: [Float]) throws -> Data {
        try NPYArray(shape: shape, floats: values).encoded()
    }

    private let trace: [Float] = (0..<600).map { Float(sin(Double($0) * 0.2)) }

    @Test func oneDimensionalArrayIsOneLead() throws {
        let recording = try ECGFileReader.read(data: try npy([600], trace), fileName: "x.npy", options: .init(sampleRate: 250))
        #expect(recording.sourceFormat == "npy")
        #expect(recording.leads.count == 1)
        #expect(recording.leads[0].samples == trace)
        #expect(recording.sampleRate == 250)
        #expect(recording.sampleRateSource == .parameter)
    }

    @Test func samplesByLeadsAndLeadsBySamples() throws {
        let interleaved = (0..<600).flatMap { [trace[$0], -trace[$0]] }
        let columns = try ECGFileReader.read(data: try npy([600, 2], interleaved), fileName: "x.npy")
        #expect(columns.leads.map(\.samples) == [trace, trace.map { -$0 }])
        #expect(columns.sampleRateSource == .assumedDefault)
        #expect(columns.warnings.contains { $0.contains("assumed 360 Hz") })

        let rows = try ECGFileReader.read(data: try npy([2, 600], trace + trace.map { -$0 }), fileName: "upload")
        #expect(rows.leads.map(\.samples) == [trace, trace.map { -$0 }])
        #expect(rows.warnings.contains { $0.contains("[leads, samples]") })

        let batch = try ECGFileReader.read(data: try npy([1, 600, 1], trace), fileName: "x.npy")
        #expect(batch.leads.map(\.samples) == [trace])
    }

    @Test func badArraysGiveTypedErrors() throws {
        let strings = try NPYArray(shape: [2], values: .strings(["a", "b"])).encoded()
        let cube = try npy([2, 3, 100], [Float](repeating: 0, count: 600))
        let truncated = try npy([600], trace).prefix(200)
        for data in [strings, cube, Data(truncated), Data([0x93] + Array("NUMPY".utf8) + [1, 0, 4, 0])] {
            #expect(throws: ECGAnalysisError.self) { try ECGFileReader.read(data: data, fileName: "x.npy") }
        }
        #expect(throws: ECGAnalysisError.self) {
            try ECGFileReader.read(data: try npy([600], trace), fileName: "x.npy", options: .init(maxSamples: 100))
        }
        #expect(throws: ECGAnalysisError.self) {
            try ECGFileReader.read(data: Data("not an npy".utf8), fileName: "x.npy")
        }
    }
}
