import HDF5Reader
import KerasFormat
import NeuralKernels
@testable import ECGAnalysis

/// A hand-built two-input model with the bundled model's interface (beat window [256, 1] + 5 RR features →
/// softmax over F, N, Q, S, V) whose decision is readable: a beat is V when it comes early (pre_rr_ratio < 0.8),
/// else N. The window only enters through a global average (≈ 0 after z-scoring) so the graph uses both inputs.
enum TestModel {
    static let labels = ["F", "N", "Q", "S", "V"]

    static var preprocessing: PreprocessingSidecar {
        var p = PreprocessingSidecar.defaults(windowSamples: 256)
        p.rrFeatures = RRFeatures.short.map(\.rawValue)
        p.inputs = ["beat_window", "rr_features"]
        return p
    }

    /// A format-2 sidecar with the training code's `template` feature set (13 features; template_corr is column 8).
    static var templatePreprocessing: PreprocessingSidecar {
        var p = preprocessing
        p.format = PreprocessingSidecar.contextFormatName
        p.context = .standard
        p.rrFeatures = RRFeatures.short.map(\.rawValue)
            + ["pre_rr_long_ratio", "post_rr_long_ratio", "post_pre_ratio"] + TemplateFeatures.Feature.allCases.map(\.rawValue)
        return p
    }

    /// The same rule on column `decidingColumn` of `rrCount` features: V when it is below 0.8, else N.
    /// `model()` decides on pre_rr_ratio (column 3 of 5); `model(rrCount: 13, decidingColumn: 8)` on template_corr.
    static func model(rrCount: Int = 5, decidingColumn: Int = 3) throws -> Model {
        func number(_ v: Int) -> JSONValue { .number(Double(v)) }
        func input(_ name: String, _ shape: [Int?]) -> KerasLayer {
            KerasLayer(
                name: name, className: "InputLayer",
                config: .object(["batch_input_shape": .array(shape.map { $0.map(number) ?? .null })]))
        }
        // Rows: gap(window), pre_rr_s, post_rr_s, local_rr_s, pre_rr_ratio, post_rr_ratio. Columns: F N Q S V.
        var kernel = [Float](repeating: 0, count: (rrCount + 1) * 5)
        kernel[(decidingColumn + 1) * 5 + 1] = 20
        kernel[(decidingColumn + 1) * 5 + 4] = -20
        let bias: [Float] = [-10, -16, -10, -10, 16]
        let layers = [
            input("beat_window", [nil, 256, 1]),
            input("rr_features", [nil, rrCount]),
            KerasLayer(
                name: "gap", className: "GlobalAveragePooling1D", config: .object([:]),
                inboundNodes: [[KerasNodeRef(layer: "beat_window")]]),
            KerasLayer(
                name: "concat", className: "Concatenate", config: .object(["axis": .number(-1)]),
                inboundNodes: [[KerasNodeRef(layer: "gap"), KerasNodeRef(layer: "rr_features")]]),
            KerasLayer(
                name: "output", className: "Dense",
                config: .object(["units": number(5), "activation": .string("softmax"), "use_bias": .bool(true)]),
                inboundNodes: [[KerasNodeRef(layer: "concat")]],
                weights: [
                    try KerasWeight(name: "output/kernel:0", shape: [rrCount + 1, 5], values: kernel),
                    try KerasWeight(name: "output/bias:0", shape: [5], values: bias),
                ]),
        ]
        let graph = KerasGraph(
            kind: .functional, name: "test_model", layers: layers,
            inputs: [KerasNodeRef(layer: "beat_window"), KerasNodeRef(layer: "rr_features")],
            outputs: [KerasNodeRef(layer: "output")])
        return try Model(keras: KerasModel(
            graph: graph, kerasVersion: "2.20.1", backend: "tensorflow",
            flavour: KerasFileFlavour(writer: .tfKeras, container: .fullModelH5)))
    }

    static func analyzer() throws -> ECGAnalyzer {
        try ECGAnalyzer(model: model(), labels: labels, preprocessing: preprocessing, fileName: "test_model.h5")
    }
}
