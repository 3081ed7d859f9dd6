import KerasFormat

/// Layers that are the identity at inference: `Dropout`, `SpatialDropout1D`, `GaussianNoise`, `GaussianDropout`,
/// `ActivityRegularization`. Shape-preserving; weight-free.
struct IdentityLayer: UnaryOperation {
    static let classNames: Set<String> = [
        "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "ActivityRegularization",
    ]

    let outputShape: [Int?]

    init(_ layer: KerasLayer, inputShape: [Int?]) throws {
        try LayerConfig(layer).requireWeights(layer.weights, count: 0)
        self.outputShape = inputShape
    }

    func forward(_ input: Tensor) throws -> Tensor { input }
}
