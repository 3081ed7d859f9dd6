import NeuralKernels

/// Layers that are the identity at inference: `Dropout`, `SpatialDropout1D`, `GaussianNoise`, `GaussianDropout`,
/// `ActivityRegularization`.
enum IdentityImporter {
    static let classNames: Set<String> = [
        "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "ActivityRegularization",
    ]

    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        return .identity
    }
}
