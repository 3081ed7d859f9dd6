/// Builds the operation of one layer spec for one call's input shapes.
enum LayerFactory {
    static func make(_ spec: LayerSpec, layer: LayerIdentity, inputShapes: [[Int?]]) throws -> any Operation {
        /// The one input of a single-input layer.
        func single() throws -> [Int?] {
            guard inputShapes.count == 1 else {
                throw NeuralKernelsError.graph(
                    "layer '\(layer.name)' (\(layer.className)) takes one input, got \(inputShapes.count)")
            }
            guard !inputShapes[0].isEmpty else {
                throw NeuralKernelsError.graph("layer '\(layer.name)' (\(layer.className)) received a scalar")
            }
            return inputShapes[0]
        }
        switch spec {
        case .model(let graph): return try CompiledGraph(graph, inputShapes: inputShapes)
        case .merge(let merge): return try MergeLayer(merge, layer: layer, inputShapes: inputShapes)
        case .concatenate(let concatenate): return try ConcatenateLayer(concatenate, layer: layer, inputShapes: inputShapes)
        case .recurrent(let recurrent): return try RecurrentLayer(recurrent, layer: layer, inputShapes: inputShapes)
        case .bidirectional(let bidirectional):
            return try BidirectionalLayer(bidirectional, layer: layer, inputShapes: inputShapes)
        case .input:
            throw NeuralKernelsError.graph("input layer '\(layer.name)' is called as a layer")
        case .identity: return IdentityLayer(inputShape: try single())
        case .activation(let activation): return try ActivationLayer(activation, layer: layer, inputShape: try single())
        case .dense(let s): return try DenseLayer(s, layer: layer, inputShape: try single())
        case .conv1D(let s): return try Conv1DLayer(s, layer: layer, inputShape: try single())
        case .separableConv1D(let s): return try SeparableConv1DLayer(s, layer: layer, inputShape: try single())
        case .depthwiseConv1D(let s): return try DepthwiseConv1DLayer(s, layer: layer, inputShape: try single())
        case .pooling1D(let s): return try Pooling1DLayer(s, layer: layer, inputShape: try single())
        case .globalPooling1D(let s): return try GlobalPooling1DLayer(s, layer: layer, inputShape: try single())
        case .batchNormalization(let s): return try BatchNormalizationLayer(s, layer: layer, inputShape: try single())
        case .layerNormalization(let s): return try LayerNormalizationLayer(s, layer: layer, inputShape: try single())
        case .flatten: return try FlattenLayer(layer: layer, inputShape: try single())
        case .reshape(let s): return try ReshapeLayer(s, layer: layer, inputShape: try single())
        case .permute(let s): return try PermuteLayer(s, layer: layer, inputShape: try single())
        case .repeatVector(let s): return try RepeatVectorLayer(s, layer: layer, inputShape: try single())
        case .zeroPadding1D(let s): return try ZeroPadding1DLayer(s, layer: layer, inputShape: try single())
        case .cropping1D(let s): return try Cropping1DLayer(s, layer: layer, inputShape: try single())
        case .upSampling1D(let s): return try UpSampling1DLayer(s, layer: layer, inputShape: try single())
        case .prelu(let s): return try PReLULayer(s, layer: layer, inputShape: try single())
        case .timeDistributed(let s): return try TimeDistributedLayer(s, layer: layer, inputShape: try single())
        }
    }
}
