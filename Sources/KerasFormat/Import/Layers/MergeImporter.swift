import NeuralKernels

/// Keras `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum` (no options, no weights).
enum MergeImporter {
    static func spec(_ config: KerasLayerConfig, kind: MergeSpec.Kind) throws -> LayerSpec {
        try config.requireWeights(0)
        return .merge(MergeSpec(kind: kind))
    }
}
