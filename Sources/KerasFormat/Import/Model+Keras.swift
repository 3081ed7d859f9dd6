import NeuralKernels

extension KerasModel {
    /// The engine's graph of specs for this model: every layer's config and weights decoded and validated.
    /// Throws `KerasFormatError` for a config the importer cannot read or does not support,
    /// `NeuralKernelsError` for a spec the engine refuses (sizes, weight shapes).
    public func graphSpec() throws -> GraphSpec {
        try KerasGraphImporter.graph(graph, context: KerasImportContext(writer: flavour.writer))
    }

    /// Where the model came from, for `Model.provenance`.
    public var provenance: ModelProvenance {
        ModelProvenance(producerVersion: kerasVersion, format: flavour.description)
    }
}

extension Model {
    /// Builds the model of a Keras file already read. Throws `KerasFormatError` for a layer, option or config the
    /// importer does not support, `NeuralKernelsError` for specs, weights or shapes the engine refuses.
    public convenience init(keras: KerasModel) throws {
        try self.init(graph: try keras.graphSpec(), provenance: keras.provenance)
    }

    /// Loads a full-model file (`.h5` of any Keras generation, or a Keras 3 `.keras` archive).
    /// Throws `HDF5Error` for an unreadable file, `KerasFormatError` for a file or layer the importer does not
    /// understand, `NeuralKernelsError` for an unsupported model.
    public convenience init(contentsOf path: String) throws {
        try self.init(keras: KerasFile.load(path: path))
    }

    /// Loads a weights-only file (`save_weights` `.h5` or Keras 3 `.weights.h5`) with its model JSON.
    public convenience init(weightsPath: String, configPath: String) throws {
        try self.init(keras: KerasFile.load(weightsPath: weightsPath, configPath: configPath))
    }
}
