/// The ranges the chunked pipeline reads: cores tiling `0 ..< sampleCount`, each read with a margin on both sides
/// (clipped at the recording's edges), and segments (consecutive whole cores) for the measurements.
///
/// Every core and block start is a multiple of `alignment` (the R-peak detector's block-averaging factor and the
/// resampler's input step), so each block is averaged and resampled on the same grid as the whole lead.
struct ChunkPlan: Sendable, Equatable {
    let sampleCount: Int
    let alignment: Int
    let chunk: Int
    let margin: Int
    let segment: Int

    init(sampleCount: Int, sampleRate: Double, alignment: Int, parameters: ChunkingParameters) {
        func roundUp(_ n: Int, _ step: Int) -> Int { max(step, (n + step - 1) / step * step) }
        self.sampleCount = sampleCount
        self.alignment = max(1, alignment)
        let seconds = max(parameters.chunkSeconds, ChunkingParameters.minimumChunkSeconds)
        chunk = roundUp(Int((seconds * sampleRate).rounded(.up)), self.alignment)
        margin = roundUp(Int((parameters.marginSeconds * sampleRate).rounded(.up)), self.alignment)
        segment = roundUp(Int((parameters.segmentSeconds * sampleRate).rounded(.up)), chunk)
    }

    var cores: [Range<Int>] {
        stride(from: 0, to: sampleCount, by: chunk).map { $0..<min(sampleCount, $0 + chunk) }
    }

    /// The samples read for `core`.
    func block(_ core: Range<Int>) -> Range<Int> {
        max(0, core.lowerBound - margin)..<min(sampleCount, core.upperBound + margin)
    }

    var segments: [Range<Int>] {
        stride(from: 0, to: sampleCount, by: segment).map { $0..<min(sampleCount, $0 + segment) }
    }

    /// Indices into `sorted` (ascending) of the values inside `range`.
    static func indices(of range: Range<Int>, in sorted: [Int]) -> Range<Int> {
        func firstIndex(notBelow value: Int) -> Int {
            var low = 0, high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid] < value { low = mid + 1 } else { high = mid }
            }
            return low
        }
        return firstIndex(notBelow: range.lowerBound)..<firstIndex(notBelow: range.upperBound)
    }

    static func lcm(_ a: Int, _ b: Int) -> Int { a / Resampler.gcd(a, b) * b }
}
