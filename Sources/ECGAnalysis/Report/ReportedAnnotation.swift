/// One timed note the recording carried (an EDF+ annotation), as the result lists it in `recording_annotations`.
///
/// The list is bounded: at most ``maxCount`` annotations in onset order, texts cut to ``maxTextLength`` characters;
/// a warning counts what was left out.
public struct ReportedAnnotation: Sendable, Encodable, Equatable {
    /// Seconds from the first sample.
    public var onsetS: Double
    /// Seconds; null when the file gives none.
    @ExplicitNull public var durationS: Double? = nil
    public var text: String

    /// Annotations listed per result.
    public static let maxCount = 1_000
    /// Characters kept of one annotation's text.
    public static let maxTextLength = 500

    public init(onsetS: Double, durationS: Double?, text: String) {
        self.onsetS = onsetS
        self.durationS = durationS
        self.text = text
    }

    /// The first ``maxCount`` of `annotations` (in onset order), each text cut to ``maxTextLength`` characters, and
    /// a warning when some were left out or cut.
    static func listed(_ annotations: [RecordingAnnotation]) -> (annotations: [ReportedAnnotation], warning: String?) {
        let ordered = annotations.enumerated().sorted { ($0.element.onset, $0.offset) < ($1.element.onset, $1.offset) }
        var cut = 0
        let listed = ordered.prefix(maxCount).map { _, annotation -> ReportedAnnotation in
            var text = annotation.text
            if text.count > maxTextLength {
                text = String(text.prefix(maxTextLength))
                cut += 1
            }
            return ReportedAnnotation(
                onsetS: annotation.onset.rounded(toPlaces: 4), durationS: annotation.duration?.rounded(toPlaces: 4),
                text: text)
        }
        var notes: [String] = []
        if annotations.count > maxCount {
            notes.append("\(annotations.count - maxCount) recording annotations beyond the first \(maxCount) are not listed")
        }
        if cut > 0 { notes.append("\(cut) recording annotation text(s) cut to \(maxTextLength) characters") }
        return (listed, notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
