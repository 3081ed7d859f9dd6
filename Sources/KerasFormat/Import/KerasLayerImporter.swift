import NeuralKernels

/// Maps a canonical Keras layer class to the importer that decodes its config and weights into a `LayerSpec`.
enum KerasLayerImporter {
    /// The spec of one (non-model) layer. Spec validation errors come back with the layer's name filled in.
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        do {
            return try decode(config)
        } catch let error as NeuralKernelsError {
            throw error.naming(layer: config.name, className: config.className)
        }
    }

    private static func decode(_ config: KerasLayerConfig) throws -> LayerSpec {
        let className = config.className
        if let kind = MergeSpec.Kind(rawValue: className) { return try MergeImporter.spec(config, kind: kind) }
        if IdentityImporter.classNames.contains(className) { return try IdentityImporter.spec(config) }
        if ActivationImporter.classNames.contains(className) { return try ActivationImporter.spec(config) }
        if RecurrentImporter.classNames.contains(className) { return .recurrent(try RecurrentImporter.spec(config)) }
        switch className {
        case "InputLayer": return try InputImporter.spec(config)
        case "Concatenate": return try ConcatenateImporter.spec(config)
        case "Bidirectional": return try BidirectionalImporter.spec(config)
        case "TimeDistributed": return try TimeDistributedImporter.spec(config)
        case "Dense": return try DenseImporter.spec(config)
        case "Conv1D": return try Conv1DImporter.spec(config)
        case "SeparableConv1D": return try SeparableConv1DImporter.spec(config)
        case "DepthwiseConv1D": return try DepthwiseConv1DImporter.spec(config)
        case "MaxPooling1D": return try Pooling1DImporter.spec(config, kind: .max)
        case "AveragePooling1D": return try Pooling1DImporter.spec(config, kind: .average)
        case "GlobalMaxPooling1D": return try GlobalPooling1DImporter.spec(config, kind: .max)
        case "GlobalAveragePooling1D": return try GlobalPooling1DImporter.spec(config, kind: .average)
        case "BatchNormalization": return try BatchNormalizationImporter.spec(config)
        case "LayerNormalization": return try LayerNormalizationImporter.spec(config)
        case "Flatten": return try FlattenImporter.spec(config)
        case "Reshape": return try ReshapeImporter.spec(config)
        case "Permute": return try PermuteImporter.spec(config)
        case "RepeatVector": return try RepeatVectorImporter.spec(config)
        case "ZeroPadding1D": return try ZeroPadding1DImporter.spec(config)
        case "Cropping1D": return try Cropping1DImporter.spec(config)
        case "UpSampling1D": return try UpSampling1DImporter.spec(config)
        case "PReLU": return try PReLUImporter.spec(config)
        default: throw KerasFormatError.unsupportedLayer(name: config.name, className: className)
        }
    }
}
