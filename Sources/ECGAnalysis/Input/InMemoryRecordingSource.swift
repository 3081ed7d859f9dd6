/// A ``RecordingSource`` over a recording already in memory (CSV, NPY and WFDB are read whole, then analysed in
/// chunks like any other source).
final class InMemoryRecordingSource: RecordingSource {
    let recording: ECGRecording

    init(_ recording: ECGRecording) { self.recording = recording }

    var leadNames: [String] { recording.leads.map(\.name) }
    var sampleRate: Double { recording.sampleRate }
    var sampleRateSource: SampleRateSource { recording.sampleRateSource }
    var sampleCount: Int { recording.sampleCount }
    var sourceFormat: String { recording.sourceFormat }
    var warnings: [String] { recording.warnings }
    var annotations: [RecordingAnnotation] { recording.annotations }

    func samples(lead: Int, range: Range<Int>) throws -> [Float] {
        Array(recording.leads[lead].samples[range])
    }

    func release(before sample: Int) {}
}
