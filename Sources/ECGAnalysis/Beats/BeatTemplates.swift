/// The dominant-beat templates of a recording, one per block of ``RecordingContext/templateBlockS`` seconds that
/// holds beats: block k (the beats with ⌊t / blockS⌋ = k) has the element-wise median of the normalised model
/// windows of the beats j with |t_j − (k + ½)·blockS| ≤ ``RecordingContext/templateHalfWindowS`` and the median of
/// their band-passed peak-to-peak amplitudes. Built by ``BeatTemplateBuilder``.
struct BeatTemplates: Sendable {
    struct Template: Sendable, Equatable {
        /// [window] median normalised window.
        var window: [Float]
        /// Median peak-to-peak amplitude, signal units.
        var amplitude: Float
    }

    let blockSeconds: Double
    /// By block index.
    var blocks: [Int: Template] = [:]

    /// The block index of a beat at `time` seconds.
    static func block(of time: Double, blockSeconds: Double) -> Int { Int((time / blockSeconds).rounded(.down)) }

    /// The template of the beat at `time` seconds, nil when its block has none.
    func template(at time: Double) -> Template? { blocks[Self.block(of: time, blockSeconds: blockSeconds)] }
}
