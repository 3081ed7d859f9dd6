/// A recording read range by range: what the streaming analysis (``ECGAnalyzer`` on long recordings) reads from.
///
/// `samples(lead:range:)` returns `range.count` samples in mV of lead `lead` (an index into `leadNames`); every lead
/// has `sampleCount` samples at `sampleRate`. `release(before:)` says that samples before that index will not be
/// asked for again soon, so a file-backed source can drop them from memory.
protocol RecordingSource: AnyObject {
    var leadNames: [String] { get }
    var sampleRate: Double { get }
    var sampleRateSource: SampleRateSource { get }
    var sampleCount: Int { get }
    /// "csv", "wfdb", "npy", "edf", … as ``ECGRecording/sourceFormat``.
    var sourceFormat: String { get }
    var warnings: [String] { get }
    var annotations: [RecordingAnnotation] { get }
    func samples(lead: Int, range: Range<Int>) throws -> [Float]
    func release(before sample: Int)
}
