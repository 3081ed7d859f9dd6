import NeuralKernels

/// Keras `Activation`, `ReLU`, `LeakyReLU`, `ELU` and `Softmax` layers.
enum ActivationImporter {
    static let classNames: Set<String> = ["Activation", "ReLU", "LeakyReLU", "ELU", "Softmax"]

    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        try config.requireWeights(0)
        guard let activation = try KerasActivation.ofLayer(config) else {
            throw KerasFormatError.unsupportedLayer(name: config.name, className: config.className)
        }
        return .activation(activation)
    }
}
