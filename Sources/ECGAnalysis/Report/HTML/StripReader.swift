/// Reads the signal of each ``StripEvent`` from a ``RecordingSource``: only the event's window plus
/// ``marginSeconds`` each side is read (a file-backed source decodes just those data records), band-passed for
/// display (zero-phase Butterworth 0.5–40 Hz, order 2, as the measurement signal), and cut to the window.
enum StripReader {
    /// Filter run-in read before and after each window and dropped after filtering.
    static let marginSeconds = 2.0
    static let band = (low: 0.5, high: 40.0, order: 2)

    static func strips(for events: [StripEvent], report: AnalysisReport, source: RecordingSource) throws -> [ECGStrip] {
        guard let lead = source.leadNames.firstIndex(of: report.signal.lead) else {
            throw ECGAnalysisError.invalidInput("the analysed lead '\(report.signal.lead)' is not in the recording")
        }
        let rate = source.sampleRate
        guard rate > 0, source.sampleCount > 0 else { return [] }
        let margin = Int(marginSeconds * rate)
        var strips: [StripEventKind: ECGStrip] = [:]
        // In time order, so a memory-mapped file is read forwards.
        for event in events.sorted(by: { $0.window.lowerBound < $1.window.lowerBound }) {
            let first = max(0, min(source.sampleCount - 1, Int((event.window.lowerBound * rate).rounded(.down))))
            let last = max(first + 1, min(source.sampleCount, Int((event.window.upperBound * rate).rounded(.up))))
            let readStart = max(0, first - margin), readEnd = min(source.sampleCount, last + margin)
            let raw = try source.samples(lead: lead, range: readStart..<readEnd).map { $0.isFinite ? $0 : 0 }
            let filtered = SignalFilters.bandpass(
                raw, sampleRate: rate, low: band.low, high: min(band.high, 0.45 * rate), order: band.order)
            let samples = Array(filtered[(first - readStart)..<(last - readStart)])
            let startS = Double(first) / rate, endS = Double(last) / rate
            strips[event.kind] = ECGStrip(
                title: event.title, caption: event.caption, lead: report.signal.lead, startS: startS, sampleRate: rate,
                samples: samples, beats: beats(in: startS..<endS, of: report.beats), highlight: event.highlight)
            source.release(before: readStart)
        }
        return events.compactMap { strips[$0.kind] }
    }

    /// The beats of `beats` (ascending `time_s`) inside `range`, found by binary search.
    static func beats(in range: Range<Double>, of beats: [BeatReport]) -> [BeatReport] {
        var low = 0, high = beats.count
        while low < high {
            let mid = (low + high) / 2
            if beats[mid].timeS < range.lowerBound { low = mid + 1 } else { high = mid }
        }
        var result: [BeatReport] = []
        var i = low
        while i < beats.count, beats[i].timeS < range.upperBound {
            result.append(beats[i])
            i += 1
        }
        return result
    }
}
