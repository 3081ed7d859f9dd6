/// What one layer computes, with its weights: the typed, format-free description every layer is built from.
public indirect enum LayerSpec: Sendable {
    /// A model input of shape `shape` (batch axis first, `nil` for unknown sizes).
    case input(shape: [Int?])
    /// The identity at inference (dropout, noise and regularisation layers).
    case identity
    /// An activation applied to the whole tensor.
    case activation(Activation)
    case dense(DenseSpec)
    case conv1D(Conv1DSpec)
    case separableConv1D(SeparableConv1DSpec)
    case depthwiseConv1D(DepthwiseConv1DSpec)
    case pooling1D(Pooling1DSpec)
    case globalPooling1D(GlobalPooling1DSpec)
    case batchNormalization(BatchNormalizationSpec)
    case layerNormalization(LayerNormalizationSpec)
    /// `[batch, d1, d2, …] → [batch, d1·d2·…]`.
    case flatten
    case reshape(ReshapeSpec)
    case permute(PermuteSpec)
    case repeatVector(RepeatVectorSpec)
    case zeroPadding1D(ZeroPadding1DSpec)
    case cropping1D(Cropping1DSpec)
    case upSampling1D(UpSampling1DSpec)
    case prelu(PReLUSpec)
    case merge(MergeSpec)
    case concatenate(ConcatenateSpec)
    case recurrent(RecurrentSpec)
    case bidirectional(BidirectionalSpec)
    case timeDistributed(TimeDistributedSpec)
    /// A whole model used as a layer.
    case model(GraphSpec)

    /// Number of weight values (trainable or not), nested models included.
    public var parameterCount: Int {
        func count(_ tensors: Tensor?...) -> Int { tensors.reduce(0) { $0 + ($1?.values.count ?? 0) } }
        switch self {
        case .input, .identity, .activation, .flatten, .reshape, .permute, .repeatVector, .zeroPadding1D, .cropping1D,
             .upSampling1D, .merge, .concatenate, .globalPooling1D, .pooling1D:
            return 0
        case .dense(let s): return count(s.kernel, s.bias)
        case .conv1D(let s): return count(s.kernel, s.bias)
        case .separableConv1D(let s): return count(s.depthwiseKernel, s.pointwiseKernel, s.bias)
        case .depthwiseConv1D(let s): return count(s.kernel, s.bias)
        case .batchNormalization(let s): return count(s.gamma, s.beta, s.movingMean, s.movingVariance)
        case .layerNormalization(let s): return count(s.gamma, s.beta)
        case .prelu(let s): return count(s.alpha)
        case .recurrent(let s): return s.parameterCount
        case .bidirectional(let s): return s.forward.parameterCount + s.backward.parameterCount
        case .timeDistributed(let s): return s.layer.parameterCount
        case .model(let graph): return graph.layers.reduce(0) { $0 + $1.spec.parameterCount }
        }
    }
}
