/// One EDF+ time-stamped annotation list (TAL): `+onset[\u{15}duration]\u{14}text\u{14}text…\u{14}\u{0}`.
/// The first TAL of every data record is the time-keeping one: its first text is empty and its onset is the record's
/// start, in seconds from the file's start time.
struct EDFAnnotationList: Sendable, Equatable {
    var onset: Double
    var duration: Double?
    /// The annotation texts in order (for a time-keeping list the first one is empty).
    var texts: [String]

    /// Every TAL in one record's annotation bytes; trailing NUL padding is skipped.
    static func parse(_ bytes: UnsafeRawBufferPointer, record: Int) throws -> [EDFAnnotationList] {
        func fail(_ message: String) -> ECGAnalysisError {
            .invalidInput("EDF: data record \(record): annotation \(message)")
        }
        var lists: [EDFAnnotationList] = []
        var cursor = bytes.startIndex
        while cursor < bytes.endIndex {
            if bytes[cursor] == 0 { cursor += 1; continue }
            guard let end = bytes[cursor...].firstIndex(of: 0) else { throw fail("list is not terminated") }
            let tal = bytes[cursor..<end]
            cursor = end + 1
            guard let firstSeparator = tal.firstIndex(of: 0x14) else { throw fail("list has no onset separator") }
            let stamp = tal[tal.startIndex..<firstSeparator]
            let onsetBytes: Slice<UnsafeRawBufferPointer>
            var duration: Double?
            if let mark = stamp.firstIndex(of: 0x15) {
                onsetBytes = stamp[stamp.startIndex..<mark]
                let text = String(decoding: stamp[(mark + 1)...], as: UTF8.self)
                guard let value = Double(text), value.isFinite, value >= 0 else { throw fail("duration '\(text)' is not a number") }
                duration = value
            } else {
                onsetBytes = stamp
            }
            let onsetText = String(decoding: onsetBytes, as: UTF8.self)
            guard let sign = onsetText.first, sign == "+" || sign == "-",
                  let onset = Double(onsetText), onset.isFinite else {
                throw fail("onset '\(onsetText)' is not a signed number")
            }
            var texts = tal[(firstSeparator + 1)...].split(separator: 0x14, omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            if texts.last == "" { texts.removeLast() }
            lists.append(EDFAnnotationList(onset: onset, duration: duration, texts: texts))
        }
        return lists
    }
}
