import KerasFormat

/// Maps a Keras layer class to its implementation, built for one call's input shapes.
enum LayerFactory {
    static func make(_ layer: KerasLayer, inputShapes: [[Int?]], context: BuildContext) throws -> any Operation {
        if let nested = layer.nestedGraph {
            return try CompiledGraph(nested, inputShapes: inputShapes, context: context)
        }
        let className = layer.className
        if let kind = MergeLayer.Kind(rawValue: className) {
            return try MergeLayer(layer, kind: kind, inputShapes: inputShapes)
        }
        switch className {
        case "Concatenate": return try ConcatenateLayer(layer, inputShapes: inputShapes)
        case "LSTM", "GRU", "SimpleRNN": return try RecurrentLayer(layer, inputShapes: inputShapes, context: context)
        case "Bidirectional": return try BidirectionalLayer(layer, inputShapes: inputShapes, context: context)
        default: break
        }
        guard inputShapes.count == 1 else {
            throw NeuralKernelsError.graph("layer '\(layer.name)' (\(className)) takes one input, got \(inputShapes.count)")
        }
        let shape = inputShapes[0]
        guard !shape.isEmpty else {
            throw NeuralKernelsError.graph("layer '\(layer.name)' (\(className)) received a scalar")
        }
        if IdentityLayer.classNames.contains(className) { return try IdentityLayer(layer, inputShape: shape) }
        if ActivationLayer.classNames.contains(className) {
            return try ActivationLayer(layer, inputShape: shape, context: context)
        }
        switch className {
        case "Dense": return try DenseLayer(layer, inputShape: shape, context: context)
        case "Conv1D": return try Conv1DLayer(layer, inputShape: shape, context: context)
        case "SeparableConv1D": return try SeparableConv1DLayer(layer, inputShape: shape, context: context)
        case "DepthwiseConv1D": return try DepthwiseConv1DLayer(layer, inputShape: shape, context: context)
        case "MaxPooling1D": return try Pooling1DLayer(layer, kind: .max, inputShape: shape)
        case "AveragePooling1D": return try Pooling1DLayer(layer, kind: .average, inputShape: shape)
        case "GlobalMaxPooling1D": return try GlobalPooling1DLayer(layer, kind: .max, inputShape: shape)
        case "GlobalAveragePooling1D": return try GlobalPooling1DLayer(layer, kind: .average, inputShape: shape)
        case "BatchNormalization": return try BatchNormalizationLayer(layer, inputShape: shape)
        case "LayerNormalization": return try LayerNormalizationLayer(layer, inputShape: shape)
        case "Flatten": return try FlattenLayer(layer, inputShape: shape)
        case "Reshape": return try ReshapeLayer(layer, inputShape: shape)
        case "Permute": return try PermuteLayer(layer, inputShape: shape)
        case "RepeatVector": return try RepeatVectorLayer(layer, inputShape: shape)
        case "ZeroPadding1D": return try ZeroPadding1DLayer(layer, inputShape: shape)
        case "Cropping1D": return try Cropping1DLayer(layer, inputShape: shape)
        case "UpSampling1D": return try UpSampling1DLayer(layer, inputShape: shape)
        case "PReLU": return try PReLULayer(layer, inputShape: shape)
        case "TimeDistributed": return try TimeDistributedLayer(layer, inputShape: shape, context: context)
        default: throw NeuralKernelsError.unsupportedLayer(name: layer.name, className: className)
        }
    }
}
