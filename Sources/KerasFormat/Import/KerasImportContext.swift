import NeuralKernels

/// What decoding a layer needs to know about the file beyond the layer's own config.
struct KerasImportContext: Sendable {
    /// The Keras generation that wrote the file (decides defaults that changed between versions).
    var writer: KerasFileFlavour.Writer

    /// The `hard_sigmoid` definition of the file's Keras generation.
    var hardSigmoid: HardSigmoidConvention { writer == .keras3 ? .keras3 : .keras2 }
}
