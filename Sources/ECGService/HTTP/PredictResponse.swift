#if Service
import ECGAnalysis
import Foundation

/// The body of a `/predict` answer and of a saved result: the report's keys at the top level, plus `id` (the
/// result's UUID), `saved_as` (its file name in the results folder) and, when the client asked for it, `trace` (the
/// plotted lead, never saved). Encoded with ``ReportEncoding`` like the report itself:
///
/// `{"beat_counts": …, "beats": […], …, "id": "…", "saved_as": "….json", …, "trace": {…}}` (keys sorted).
public struct PredictResponse<Report: Encodable>: Encodable {
    public var report: Report
    public var id: ResultID
    public var trace: TracePlot?

    public init(report: Report, id: ResultID, trace: TracePlot? = nil) {
        self.report = report
        self.id = id
        self.trace = trace
    }

    private enum CodingKeys: String, CodingKey {
        case id, savedAs, trace
    }

    /// Written by hand because the wire form is flat: the report's members and the response's own share one object
    /// (the report encodes into the same keyed container first).
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.description, forKey: .id)
        try container.encode(id.fileName, forKey: .savedAs)
        try container.encodeIfPresent(trace, forKey: .trace)
    }
}
#endif
