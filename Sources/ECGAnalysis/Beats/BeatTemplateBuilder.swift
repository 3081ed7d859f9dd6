/// Builds ``BeatTemplates`` from beats given in time order, holding only the beats that a template still to be
/// built can use (about 2·templateHalfWindowS + templateBlockS seconds of beats), so it runs over recordings of
/// any length.
///
/// Block k's template can be built once a beat later than c_k + H arrives (c_k = (k + ½)·blockS,
/// H = templateHalfWindowS): all its beats are in by then.
struct BeatTemplateBuilder {
    let blockSeconds: Double
    let halfWindow: Double
    let window: Int

    private var times: [Double] = []
    private var amplitudes: [Float] = []
    /// Row-major [times.count, window].
    private var windows: [Float] = []
    /// Blocks that hold beats and have no template yet, increasing.
    private var pending: [Int] = []
    private var templates: BeatTemplates
    private var scratch: [Float] = []

    init(context: RecordingContext, window: Int) {
        blockSeconds = context.templateBlockS
        halfWindow = context.templateHalfWindowS
        self.window = window
        templates = BeatTemplates(blockSeconds: context.templateBlockS)
    }

    private func centre(_ block: Int) -> Double { (Double(block) + 0.5) * blockSeconds }

    /// Adds one beat: its normalised model window (`window` values), its band-passed peak-to-peak amplitude and
    /// its R-peak time in seconds (not earlier than the previous beat's).
    mutating func add(time: Double, window values: UnsafeBufferPointer<Float>, peakToPeak: Float) {
        precondition(values.count == window, "template window length")
        while let first = pending.first, centre(first) + halfWindow < time {
            build(first)
            pending.removeFirst()
        }
        let block = BeatTemplates.block(of: time, blockSeconds: blockSeconds)
        if pending.last.map({ $0 < block }) ?? true, templates.blocks[block] == nil { pending.append(block) }
        times.append(time)
        amplitudes.append(peakToPeak)
        windows.append(contentsOf: values)
        // Beats before the earliest window still to be built are no longer needed.
        if let first = pending.first {
            let keepFrom = RRFeatures.lowerBound(times, centre(first) - halfWindow)
            if keepFrom > 0, keepFrom * 2 >= times.count {
                times.removeFirst(keepFrom)
                amplitudes.removeFirst(keepFrom)
                windows.removeFirst(keepFrom * window)
            }
        }
    }

    /// Builds the templates still pending and returns them all.
    mutating func finish() -> BeatTemplates {
        for block in pending { build(block) }
        pending.removeAll()
        return templates
    }

    private mutating func build(_ block: Int) {
        let first = RRFeatures.lowerBound(times, centre(block) - halfWindow)
        let afterLast = RRFeatures.upperBound(times, centre(block) + halfWindow)
        guard afterLast > first else { return }
        let count = afterLast - first
        var template = [Float](repeating: 0, count: window)
        if scratch.count < count { scratch = [Float](repeating: 0, count: count) }
        for k in 0..<window {
            for j in 0..<count { scratch[j] = windows[(first + j) * window + k] }
            template[k] = Self.median(&scratch, count: count)
        }
        for j in 0..<count { scratch[j] = amplitudes[first + j] }
        templates.blocks[block] = BeatTemplates.Template(window: template, amplitude: Self.median(&scratch, count: count))
    }

    /// The median of `values[0..<count]` (the mean of the two middle values for an even count, as numpy's), by
    /// selection; reorders those values. count ≥ 1.
    static func median(_ values: inout [Float], count: Int) -> Float {
        let upper = count / 2
        let high = select(&values, count: count, k: upper)
        guard count % 2 == 0 else { return high }
        // After selecting `upper`, values[0..<upper] are ≤ it: the lower middle is their maximum.
        var low = values[0]
        for j in 1..<upper where values[j] > low { low = values[j] }
        return (low + high) / 2
    }

    /// The k-th smallest of `values[0..<count]` (Hoare selection, median-of-three pivot); afterwards
    /// values[0..<k] ≤ values[k] ≤ values[k+1..<count].
    private static func select(_ values: inout [Float], count: Int, k: Int) -> Float {
        var left = 0, right = count - 1
        while left < right {
            let mid = (left + right) / 2
            if values[mid] < values[left] { values.swapAt(mid, left) }
            if values[right] < values[left] { values.swapAt(right, left) }
            if values[right] < values[mid] { values.swapAt(right, mid) }
            let pivot = values[mid]
            var i = left, j = right
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { right = j } else if k >= i { left = i } else { return values[k] }
        }
        return values[k]
    }
}
