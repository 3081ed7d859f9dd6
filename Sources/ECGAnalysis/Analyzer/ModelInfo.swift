import NeuralKernels

/// Version of this engine, reported in results and `/debug/info`.
public enum ECGEngineInfo {
    public static let version = "0.1.0"
}

/// Everything about the loaded model that `/debug/info` and `ecg model info` show.
public struct ModelInfo: Sendable, Encodable {
    public struct TensorInfo: Sendable, Encodable, Equatable {
        public var name: String
        /// Shape with the batch axis as null.
        public var shape: [Int?]
    }

    public struct LayerInfo: Sendable, Encodable, Equatable {
        public var name: String
        public var className: String
        public var outputShapes: [[Int?]]
        public var parameterCount: Int

        enum CodingKeys: String, CodingKey {
            case name, className = "class", outputShapes = "output_shapes", parameterCount = "params"
        }
    }

    public var file: String
    public var labels: [String]
    public var windowSamples: Int
    public var rPeakIndex: Int
    public var sampleRateHz: Double
    public var inputs: [TensorInfo]
    public var outputs: [TensorInfo]
    public var layers: [LayerInfo]
    public var parameterCount: Int
    @ExplicitNull public var kerasVersion: String? = nil
    public var fileFlavour: String
    public var engineVersion: String
    /// The preprocessing as used (the sidecar, or the defaults when there is none).
    public var preprocessing: PreprocessingSidecar
    public var preprocessingSidecar: Bool

    init(model: Model, file: String, labels: [String], preprocessing: PreprocessingSidecar, hasSidecar: Bool) {
        self.file = file
        self.labels = labels
        windowSamples = preprocessing.windowSamples
        rPeakIndex = preprocessing.rPeakIndex
        sampleRateHz = preprocessing.sampleRateHz
        inputs = model.inputs.map { TensorInfo(name: $0.name, shape: $0.shape) }
        outputs = model.outputs.map { TensorInfo(name: $0.name, shape: $0.shape) }
        layers = model.layers.map {
            LayerInfo(name: $0.name, className: $0.className, outputShapes: $0.outputShapes, parameterCount: $0.parameterCount)
        }
        parameterCount = model.parameterCount
        kerasVersion = model.provenance.producerVersion
        fileFlavour = model.provenance.format ?? "unknown"
        engineVersion = ECGEngineInfo.version
        self.preprocessing = preprocessing
        preprocessingSidecar = hasSidecar
    }

    /// The short form carried in every report.
    var summary: ModelSummary {
        ModelSummary(
            file: file, labels: labels, windowSamples: windowSamples, rPeakIndex: rPeakIndex, sampleRateHz: sampleRateHz,
            inputs: preprocessing.inputs, parameterCount: parameterCount, kerasVersion: kerasVersion,
            fileFlavour: fileFlavour, engineVersion: engineVersion, preprocessingSidecar: preprocessingSidecar)
    }
}
