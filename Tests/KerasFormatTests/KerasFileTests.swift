import Foundation
import Testing
import HDF5Reader
@testable import KerasFormat
import ZIPFoundation

@Suite struct TFKerasFileTests {
    let model: KerasModel

    init() throws {
        model = try KerasFile.load(path: Fixtures.hdf5("tfk_functional.h5"))
    }

    @Test func flavourAndVersion() {
        #expect(model.flavour.writer == .tfKeras)
        #expect(model.flavour.container == .fullModelH5)
        #expect(model.flavour.hadLegacyRNNConfig)  // tf.keras writes time_major into every RNN config
        #expect(!model.flavour.convertedWeights)
        #expect(model.kerasVersion == "2.20.1")
        #expect(model.backend == "tensorflow")
        #expect(model.hardSigmoid == .keras2)
    }

    @Test func functionalGraph() throws {
        let graph = model.graph
        #expect(graph.kind == .functional)
        #expect(graph.name == "tfk_functional")
        #expect(graph.layers.map(\.name) == ["signal", "sub", "bi", "shared", "add"])
        #expect(graph.inputs == [KerasNodeRef(layer: "signal")])
        #expect(graph.outputs == [KerasNodeRef(layer: "add"), KerasNodeRef(layer: "bi")])
        // The nested model's first call is node 0 in canonical form (tf.keras wrote node 1).
        #expect(try graph.layer("bi").inboundNodes == [[KerasNodeRef(layer: "sub")]])
        // A layer called twice has two inbound nodes; the second call is referenced as node 1.
        #expect(try graph.layer("shared").inboundNodes == [[KerasNodeRef(layer: "sub")], [KerasNodeRef(layer: "bi")]])
        #expect(try graph.layer("add").inboundNodes == [[KerasNodeRef(layer: "shared"), KerasNodeRef(layer: "shared", nodeIndex: 1)]])
        #expect(try graph.layer("signal").config["batch_input_shape"] == .array([.null, .number(6), .number(3)]))
    }

    @Test func nestedModelWeightsAreSplitTrainableFirst() throws {
        let sub = try #require(try model.graph.layer("sub").nestedGraph)
        #expect(sub.kind == .sequential)
        #expect(sub.sequentialInputShape == [nil, 6, 3])
        #expect(try model.graph.layer("sub").weights.isEmpty)
        let names = { (layer: String) in try sub.layer(layer).weights.map(\.name) }
        #expect(try names("sub_bn_frozen") == ["sub_bn_frozen/gamma:0", "sub_bn_frozen/beta:0", "sub_bn_frozen/moving_mean:0", "sub_bn_frozen/moving_variance:0"])
        #expect(try names("sub_dense") == ["sub_dense/kernel:0", "sub_dense/bias:0"])
        #expect(try names("sub_bn") == ["sub_bn/gamma:0", "sub_bn/beta:0", "sub_bn/moving_mean:0", "sub_bn/moving_variance:0"])
        #expect(try sub.layer("sub_dense").weights.map(\.shape) == [[3, 4], [4]])
    }

    @Test func canonicalConfigDropsTrainingOnlyKeys() throws {
        let gru = try #require(KerasLayerCatalog.wrappedLayer(try model.graph.layer("bi").config))
        #expect(gru.className == "GRU")
        #expect(gru.config["time_major"] == .bool(false))  // kept: the engine computes time-major layers
        #expect(gru.config["kernel_initializer"] == nil)
        #expect(gru.config["reset_after"] == .bool(true))
        #expect(gru.config["units"] == .number(2))
        let shared = try model.graph.layer("shared")
        #expect(shared.config == .object(["name": .string("shared"), "units": .number(4), "activation": .string("linear"), "use_bias": .bool(true)]))
    }

    @Test func bidirectionalWeightsForwardThenBackward() throws {
        let weights = try model.graph.layer("bi").weights
        #expect(weights.map(\.shape) == [[4, 6], [2, 6], [2, 6], [4, 6], [2, 6], [2, 6]])
        #expect(weights[0].name.contains("forward"))
        #expect(weights[3].name.contains("backward"))
    }

    @Test func weightValuesMatchTheDatasets() throws {
        let file = try HDF5File(path: Fixtures.hdf5("tfk_functional.h5"))
        let stored = try file.root.dataset("model_weights/sub/sub_bn_frozen/moving_variance:0").readFloats()
        #expect(try model.graph.layer("sub_bn_frozen").weights[3].values == stored)
    }

    @Test func weightsOnlyFileWithItsJSON() throws {
        let weightsOnly = try KerasFile.load(
            weightsPath: Fixtures.hdf5("tfk_functional_weights.h5"), configPath: Fixtures.hdf5("tfk_functional.json"))
        #expect(weightsOnly.flavour.container == .weightsH5)
        #expect(weightsOnly.flavour.writer == .tfKeras)
        expectSameWeights(model, weightsOnly)
    }

    @Test func weightsOnlyFileIsNotAFullModel() {
        let error = #expect(throws: KerasFormatError.self) { try KerasFile.load(path: Fixtures.hdf5("tfk_functional_weights.h5")) }
        #expect(error?.description.contains("weights-only") == true)
    }
}

@Suite struct LegacyKerasFileTests {
    @Test func keras2FixedLengthStringsChunkedNamesAndLegacyLSTM() throws {
        let model = try KerasFile.load(path: Fixtures.hdf5("keras2_legacy_strings.h5"))
        #expect(model.flavour.writer == .keras2)
        #expect(model.kerasVersion == "2.1.6")
        #expect(model.flavour.hadLegacyRNNConfig)
        let graph = model.graph
        #expect(graph.kind == .sequential)
        #expect(graph.sequentialInputShape == [nil, 5, 2])
        #expect(graph.layers.map(\.className) == ["Conv1D", "LSTM", "GRU", "Dense"])
        let lstm = try graph.layer("lstm")
        #expect(lstm.originalClassName == "Custom>LegacyLSTM")
        #expect(lstm.config["time_major"] == .bool(false))
        #expect(lstm.weights.map(\.shape) == [[3, 8], [2, 8], [8]])
        // Keras 2 GRUs without reset_after had reset_after=False: one bias row.
        let gru = try graph.layer("gru")
        #expect(gru.config["reset_after"] == .bool(false))
        #expect(gru.weights.map(\.shape) == [[2, 6], [2, 6], [6]])
        let file = try HDF5File(path: Fixtures.hdf5("keras2_legacy_strings.h5"))
        #expect(lstm.weights[1].values == (try file.root.dataset("model_weights/lstm/lstm_1/recurrent_kernel:0").readFloats()))
        #expect(try graph.layer("conv").config["padding"] == .string("causal"))
    }

    @Test func keras1FileIsConverted() throws {
        let path = Fixtures.hdf5("keras1.h5")
        let model = try KerasFile.load(path: path)
        #expect(model.flavour.writer == .keras1)
        #expect(model.flavour.convertedWeights)
        #expect(model.kerasVersion == "1.2.2")
        #expect(model.hardSigmoid == .keras2)
        let graph = model.graph
        #expect(graph.sequentialInputShape == [nil, 8, 2])
        #expect(graph.layers.map(\.className) == ["Conv1D", "MaxPooling1D", "LSTM", "GRU", "Dropout", "Dense"])
        let conv = try graph.layer("convolution1d_1")
        #expect(conv.originalClassName == "Convolution1D")
        #expect(conv.config["filters"] == .number(4))
        #expect(conv.config["kernel_size"] == .array([.number(3)]))
        #expect(conv.config["strides"] == .array([.number(1)]))
        #expect(conv.config["padding"] == .string("same"))
        #expect(conv.config["use_bias"] == .bool(true))
        #expect(conv.config["nb_filter"] == nil)
        let pool = try graph.layer("maxpooling1d_1")
        #expect(pool.config["pool_size"] == .array([.number(2)]))
        #expect(pool.config["strides"] == .array([.number(2)]))
        #expect(pool.config["padding"] == .string("valid"))
        let lstm = try graph.layer("lstm_1")
        #expect(lstm.config["units"] == .number(3))
        #expect(lstm.config["recurrent_activation"] == .string("hard_sigmoid"))
        #expect(lstm.config["return_sequences"] == .bool(true))
        #expect(try graph.layer("gru_1").config["reset_after"] == .bool(false))
        #expect(try graph.layer("dropout_1").config["rate"] == .number(0.5))
        #expect(try graph.layer("dense_1").config["units"] == .number(2))
        for layer in ["convolution1d_1", "lstm_1", "gru_1", "dense_1"] {
            let expected = try expectedWeights(in: path, layer: layer)
            let actual = try graph.layer(layer).weights
            #expect(actual.map(\.shape) == expected.map(\.shape), "\(layer)")
            #expect(actual.map(\.values) == expected.map(\.values), "\(layer)")
        }
    }

    @Test func cuDNNWeightsAreConvertedLikeTFKeras() throws {
        let path = Fixtures.hdf5("cudnn.h5")
        let model = try KerasFile.load(path: path)
        #expect(model.flavour.writer == .tfKeras)
        #expect(model.flavour.convertedWeights)
        let lstm = try model.graph.layer("cu_dnnlstm")
        #expect(lstm.className == "LSTM")
        #expect(lstm.config["recurrent_activation"] == .string("sigmoid"))
        #expect(lstm.config["activation"] == .string("tanh"))
        let gru = try model.graph.layer("cu_dnngru")
        #expect(gru.className == "GRU")
        #expect(gru.config["reset_after"] == .bool(true))
        for layer in ["cu_dnnlstm", "cu_dnngru"] {
            let expected = try expectedWeights(in: path, layer: layer)
            let actual = try model.graph.layer(layer).weights
            #expect(actual.map(\.shape) == expected.map(\.shape), "\(layer)")
            for (a, e) in zip(actual, expected) {
                #expect(zip(a.values, e.values).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(layer) \(a.name)")
            }
        }
    }
}

@Suite struct LegacyWeightConversionTests {
    @Test func cuDNNInsideBidirectionalIsConvertedPerDirection() throws {
        let path = Fixtures.hdf5("cudnn.h5")
        let group = try HDF5File(path: path).root.group("model_weights/cu_dnnlstm")
        let stored = try ["kernel:0", "recurrent_kernel:0", "bias:0"].map {
            try KerasWeight(dataset: group.dataset("cu_dnnlstm/" + $0), name: $0)
        }
        let config = try JSONValue(parsing: #"{"layer": {"class_name": "LSTM", "config": {"units": 2}}, "merge_mode": "concat"}"#)
        var conversion = LegacyWeightConversion(backend: "tensorflow")
        let converted = try conversion.convert(stored + stored, layer: "bi", className: "Bidirectional", config: config)
        let expected = try expectedWeights(in: path, layer: "cu_dnnlstm")
        #expect(conversion.convertedAny)
        #expect(converted.map(\.shape) == (expected + expected).map(\.shape))
        for (a, e) in zip(converted, expected + expected) {
            #expect(zip(a.values, e.values).allSatisfy { abs($0 - $1) <= 1e-6 })
        }
    }

    @Test func theanoKernelsAreFlippedInTime() throws {
        let kernel = try KerasWeight(name: "W", shape: [3, 1, 1, 2], values: [1, 2, 3, 4, 5, 6])
        var conversion = LegacyWeightConversion(backend: "theano")
        let converted = try conversion.convert([kernel], layer: "c", className: "Conv1D", config: .object([:]))
        #expect(converted == [try KerasWeight(name: "W", shape: [3, 1, 2], values: [5, 6, 3, 4, 1, 2])])
        var tensorflow = LegacyWeightConversion(backend: "tensorflow")
        #expect(try tensorflow.convert([kernel], layer: "c", className: "Conv1D", config: .object([:]))[0].values == kernel.values)
    }

    @Test func brokenLegacyLayoutsAreTypedErrors() throws {
        var conversion = LegacyWeightConversion(backend: nil)
        let bad = try KerasWeight(name: "W", shape: [3, 2, 1, 2], values: [Float](repeating: 0, count: 12))
        #expect(throws: KerasFormatError.self) { try conversion.convert([bad], layer: "c", className: "Conv1D", config: .object([:])) }
        let gate = try KerasWeight(name: "x", shape: [2], values: [0, 0])
        #expect(throws: KerasFormatError.self) {
            try conversion.convert([KerasWeight](repeating: gate, count: 12), layer: "l", className: "LSTM", config: .object([:]))
        }
    }
}

@Suite struct Keras3FileTests {
    let archive: KerasModel

    init() throws {
        archive = try KerasFile.load(path: Fixtures.hdf5("k3_functional.keras"))
    }

    @Test func archiveFlavour() {
        #expect(archive.flavour.writer == .keras3)
        #expect(archive.flavour.container == .kerasZip)
        #expect(archive.kerasVersion == "3.15.1")
        #expect(archive.hardSigmoid == .keras3)
        #expect(!archive.flavour.hadLegacyRNNConfig)
    }

    @Test func functionalGraphWithSeveralInputsAndOutputs() throws {
        let graph = archive.graph
        #expect(graph.inputs == [KerasNodeRef(layer: "signal"), KerasNodeRef(layer: "extra")])
        #expect(graph.outputs == [KerasNodeRef(layer: "head"), KerasNodeRef(layer: "td")])
        #expect(try graph.layer("shared").inboundNodes == [[KerasNodeRef(layer: "extra")], [KerasNodeRef(layer: "shared")]])
        #expect(try graph.layer("concat").inboundNodes == [[KerasNodeRef(layer: "pool"), KerasNodeRef(layer: "shared", nodeIndex: 1)]])
        #expect(try graph.layer("bi").inboundNodes == [[KerasNodeRef(layer: "sub")]])
        #expect(try graph.layer("signal").config["batch_input_shape"] == .array([.null, .number(6), .number(3)]))
        #expect(try graph.layer("sub_bn").config["dtype"] == nil)
    }

    @Test func weightsMatchTheLegacyH5OfTheSameModel() throws {
        let legacy = try KerasFile.load(path: Fixtures.hdf5("k3_functional.h5"))
        #expect(legacy.flavour.writer == .keras3)
        #expect(legacy.flavour.container == .fullModelH5)
        expectSameWeights(archive, legacy)
        #expect(try archive.graph.layer("bi").weights.map(\.shape) == [[4, 8], [2, 8], [8], [4, 8], [2, 8], [8]])
        #expect(try archive.graph.layer("td").weights.map(\.shape) == [[4, 2], [2]])
        #expect(try archive.graph.layer("head").weights.map(\.shape) == [[6, 3], [3]])
    }

    @Test func weightsFileWithConfigJSON() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5("k3_functional.keras")))
        let zip = try KerasArchive(bytes: bytes, source: "k3_functional.keras")
        let weights = directory.appendingPathComponent("model.weights.h5")
        let config = directory.appendingPathComponent("config.json")
        try zip.data(of: "model.weights.h5").write(to: weights)
        try zip.data(of: "config.json").write(to: config)
        let model = try KerasFile.load(weightsPath: weights.path, configPath: config.path)
        #expect(model.flavour.container == .keras3WeightsH5)
        #expect(model.flavour.writer == .keras3)
        expectSameWeights(archive, model)
    }
}

@Suite struct KerasFileErrorTests {
    @Test func notAModelFile() {
        #expect(throws: KerasFormatError.self) { try KerasFile.load(path: Fixtures.hdf5("cases.h5")) }
        #expect(throws: HDF5Error.notHDF5(source: Fixtures.hdf5("f4_c.npy"))) { try KerasFile.load(path: Fixtures.hdf5("f4_c.npy")) }
        #expect(throws: HDF5Error.self) { try KerasFile.load(path: "/nonexistent/model.h5") }
    }

    @Test func archiveProblems() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = Data(#"{"class_name": "Sequential", "config": {"name": "s", "layers": []}}"#.utf8)

        // A deflate stream that is not one: the entry is named, not read as garbage.
        let compressed = directory.appendingPathComponent("compressed.keras")
        try makeZip([("config.json", config, 8), ("model.weights.h5", Data(), 0)]).write(to: compressed)
        #expect(throws: KerasFormatError.self) { try KerasFile.load(path: compressed.path) }

        let missing = directory.appendingPathComponent("missing.keras")
        try makeZip([("config.json", config, 0)]).write(to: missing)
        #expect(throws: KerasFormatError.missingArchiveEntry(source: missing.path, entry: "model.weights.h5")) {
            try KerasFile.load(path: missing.path)
        }

        let original = try Data(contentsOf: URL(fileURLWithPath: Fixtures.hdf5("k3_functional.keras")))
        for length in [4, 100, original.count / 2, original.count - 10] {
            let cut = directory.appendingPathComponent("cut-\(length).keras")
            try original.prefix(length).write(to: cut)
            #expect(throws: (any Error).self) { try KerasFile.load(path: cut.path) }
        }
    }

    @Test func deflatedArchiveLoadsLikeTheStoredOne() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stored = Fixtures.hdf5("k3_functional.keras")
        let source = try Archive(url: URL(fileURLWithPath: stored), accessMode: .read)
        let deflated = directory.appendingPathComponent("deflated.keras")
        let target = try Archive(url: deflated, accessMode: .create)
        for entry in source {
            var data = Data()
            _ = try source.extract(entry) { data.append($0) }
            try target.addEntry(
                with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let written = try Archive(url: deflated, accessMode: .read)
        #expect(written.allSatisfy { $0.isCompressed })
        expectSameWeights(try KerasFile.load(path: stored), try KerasFile.load(path: deflated.path))

        // One flipped byte inside the deflated weights: a typed archive error, never a crash or a wrong model.
        var bytes = try Data(contentsOf: deflated)
        let weights = try #require(written["model.weights.h5"])
        let middle = Int(weights.compressedSize / 2) + (bytes.count - Int(weights.compressedSize)) / 2
        bytes[middle] ^= 0xFF
        let damaged = directory.appendingPathComponent("damaged.keras")
        try bytes.write(to: damaged)
        #expect(throws: (any Error).self) { try KerasFile.load(path: damaged.path) }
    }

    @Test func configThatDoesNotMatchTheWeights() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The tf.keras weights with a config whose layers are named differently.
        let config = try JSONValue(parsing: #"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "InputLayer", "config": {"name": "in", "batch_input_shape": [null, 3]}},
              {"class_name": "Dense", "config": {"name": "not_in_file", "units": 2}}]}}
            """#)
        #expect(throws: KerasFormatError.missingLayerWeights(layer: "not_in_file", className: "Dense", group: "/not_in_file")) {
            try KerasFile.load(weightsPath: Fixtures.hdf5("tfk_functional_weights.h5"), config: config)
        }
        #expect(throws: KerasFormatError.invalidConfig(path: "/nonexistent/model.json", reason: "the file is missing or unreadable")) {
            try KerasFile.load(weightsPath: Fixtures.hdf5("tfk_functional_weights.h5"), configPath: "/nonexistent/model.json")
        }
        let badJSON = directory.appendingPathComponent("bad.json")
        try Data("{\"class_name\": ".utf8).write(to: badJSON)
        #expect(throws: KerasFormatError.self) {
            try KerasFile.load(weightsPath: Fixtures.hdf5("tfk_functional_weights.h5"), configPath: badJSON.path)
        }
        let notAModel = try JSONValue(parsing: #"{"class_name": "Dense", "config": {}}"#)
        #expect(throws: KerasFormatError.unsupportedModelClass("Dense")) {
            try KerasFile.load(weightsPath: Fixtures.hdf5("tfk_functional_weights.h5"), config: notAModel)
        }
    }

    @Test func unknownLayerClassIsKeptAsStored() throws {
        let text = try String(contentsOfFile: Fixtures.hdf5("tfk_functional.json"), encoding: .utf8)
        let config = try JSONValue(parsing: text.replacingOccurrences(of: #""class_name": "Add""#, with: #""class_name": "mypackage>FancyAdd""#))
        let model = try KerasFile.load(weightsPath: Fixtures.hdf5("tfk_functional_weights.h5"), config: config)
        let layer = try model.graph.layer("add")
        #expect(layer.className == "mypackage>FancyAdd")
        #expect(layer.config["trainable"] == .bool(true))  // kept whole: the kernels decide what to reject
        #expect(layer.weights.isEmpty)
    }

    @Test func concurrentLoads() async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<12 {
                let name = ["tfk_functional.h5", "k3_functional.keras", "keras1.h5"][index % 3]
                group.addTask { try KerasFile.load(path: Fixtures.hdf5(name)).graph.allLayers.values.map(\.weights.count).reduce(0, +) }
            }
            for try await count in group { #expect(count > 0) }
        }
    }
}

@Suite struct KerasNamingTests {
    @Test func keras3SnakeCase() {
        let cases = [
            "Conv1D": "conv1d", "BatchNormalization": "batch_normalization", "LSTM": "lstm", "Dense": "dense",
            "GlobalAveragePooling1D": "global_average_pooling1d", "TimeDistributed": "time_distributed",
            "InputLayer": "input_layer", "LegacyLSTM": "legacy_lstm", "SeparableConv1D": "separable_conv1d",
            "ABcDe": "a_bc_de", "PReLU": "p_re_lu", "Functional": "functional",
        ]
        for (name, snake) in cases { #expect(Keras3WeightsReader.snakeCase(name) == snake, "\(name)") }
    }

    @Test func canonicalClassNames() {
        #expect(KerasLayerNormaliser.canonicalClassName("LegacyLSTM") == "LSTM")
        #expect(KerasLayerNormaliser.canonicalClassName("Custom>LegacyLSTM") == "LSTM")
        #expect(KerasLayerNormaliser.canonicalClassName("keras_ecg>Dense") == "Dense")
        #expect(KerasLayerNormaliser.canonicalClassName("pkg>Unknown") == "pkg>Unknown")
        #expect(KerasLayerNormaliser.canonicalClassName("CuDNNGRU") == "GRU")
        #expect(KerasLayerNormaliser.canonicalClassName("Convolution1D") == "Conv1D")
    }

    @Test func tfKerasBareReferenceNode() throws {
        let nodes = try KerasConfigReader.inboundNodes(try JSONValue(parsing: #"[["dense", 0, 0, {"y": -1.0}]]"#), path: "x")
        #expect(nodes == [[KerasNodeRef(layer: "dense")]])
    }

    @Test func wrapperWithoutItsLayerNamesTheKey() throws {
        let config = try JSONValue(parsing: #"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "Bidirectional", "config": {"name": "bi", "merge_mode": "concat"}}]}}
            """#)
        var reader = KerasConfigReader(writer: .tfKeras)
        #expect(throws: KerasFormatError.invalidLayerConfig(layer: "bi", className: "Bidirectional", key: "layer", reason: "is missing")) {
            try reader.readModel(config)
        }
        let badInner = try JSONValue(parsing: #"""
            {"class_name": "Sequential", "config": {"name": "s", "layers": [
              {"class_name": "TimeDistributed", "config": {"name": "td", "layer": {"config": {}}}}]}}
            """#)
        let error = #expect(throws: KerasFormatError.self) { try reader.readModel(badInner) }
        #expect(error?.description.contains("'td' (TimeDistributed): config key 'layer'") == true)
    }

    @Test func keras3NestedArgumentsAndSingleOutputForm() throws {
        let nodes = try KerasConfigReader.inboundNodes(try JSONValue(parsing: #"""
            [{"args": [[{"class_name": "__keras_tensor__", "config": {"keras_history": ["a", 0, 1]}},
                        [{"class_name": "__keras_tensor__", "config": {"keras_history": ["b", 2, 0]}}]]],
              "kwargs": {"mask": null}}]
            """#), path: "x")
        #expect(nodes == [[KerasNodeRef(layer: "a", nodeIndex: 0, tensorIndex: 1), KerasNodeRef(layer: "b", nodeIndex: 2)]])
        #expect(try KerasConfigReader.nodeList(try JSONValue(parsing: #"["out", 0, 0]"#), path: "x") == [KerasNodeRef(layer: "out")])
        #expect(throws: KerasFormatError.self) { try KerasConfigReader.nodeList(try JSONValue(parsing: #"[["out", -1, 0]]"#), path: "x") }
    }
}

@Suite struct NestedModelNodeTests {
    /// A functional model calling a nested model `inner` twice and adding the outputs of calls `referenced`.
    static func config(referenced: [Int]) throws -> JSONValue {
        let refs = referenced.map { #"["inner", \#($0), 0, {}]"# }
        return try JSONValue(parsing: #"""
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_input_shape": [null, 2]}, "inbound_nodes": []},
              {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": [
                 {"class_name": "InputLayer", "config": {"name": "i", "batch_input_shape": [null, 2]}}]},
               "inbound_nodes": [[["x", 0, 0, {}]], [["x", 0, 0, {}]]]},
              {"class_name": "Add", "name": "add", "config": {"name": "add"}, "inbound_nodes": [[\#(refs.joined(separator: ","))]]}],
             "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0]]}}
            """#)
    }

    @Test func callsNumberedFromOneAreShifted() throws {
        var reader = KerasConfigReader(writer: .tfKeras)
        let graph = try reader.readModel(try NestedModelNodeTests.config(referenced: [1, 2]))
        #expect(try graph.layer("add").inboundNodes == [[KerasNodeRef(layer: "inner"), KerasNodeRef(layer: "inner", nodeIndex: 1)]])
    }

    @Test func callsNumberedFromZeroStay() throws {
        for referenced in [[0, 1], [1]] {
            var reader = KerasConfigReader(writer: .tfKeras)
            let graph = try reader.readModel(try NestedModelNodeTests.config(referenced: referenced))
            #expect(try graph.layer("add").inboundNodes == [referenced.map { KerasNodeRef(layer: "inner", nodeIndex: $0) }])
        }
    }

    @Test func keras3IsNeverShifted() throws {
        var reader = KerasConfigReader(writer: .keras3)
        let graph = try reader.readModel(try NestedModelNodeTests.config(referenced: [1, 2]))
        #expect(try graph.layer("add").inboundNodes == [[KerasNodeRef(layer: "inner", nodeIndex: 1), KerasNodeRef(layer: "inner", nodeIndex: 2)]])
    }
}

@Suite struct Keras3CallKwargsTests {
    /// `LSTM(3)(seq, initial_state=[h, c])`: the state tensors sit in the node's kwargs and follow the sequence.
    @Test func initialStateKwargsFollowTheArgs() throws {
        let model = try KerasFile.load(path: Fixtures.hdf5("k3_initial_state.keras"))
        #expect(try model.graph.layer("lstm").inboundNodes
            == [[KerasNodeRef(layer: "seq"), KerasNodeRef(layer: "state_h"), KerasNodeRef(layer: "state_c")]])
    }

    @Test func otherTensorKwargsAreRejected() throws {
        let tensor: JSONValue = .object([
            "class_name": .string("__keras_tensor__"),
            "config": .object(["keras_history": .array([.string("m"), .number(0), .number(0)])]),
        ])
        let node: JSONValue = .array([.object(["args": .array([tensor]), "kwargs": .object(["mask": tensor])])])
        let error = #expect(throws: KerasFormatError.self) { try KerasConfigReader.inboundNodes(node, path: "lstm.inbound_nodes") }
        #expect(String(describing: error).contains("mask"))
    }
}

@Suite struct ConfigKeyTests {
    func normalise(_ className: String, _ config: String, writer: KerasFileFlavour.Writer = .tfKeras) throws -> JSONValue {
        var normaliser = KerasLayerNormaliser(writer: writer)
        return try normaliser.normalise(className: className, config: try JSONValue(parsing: config), path: "layers[0]").config
    }

    @Test func trainingOnlyKeysAreDroppedAndInferenceKeysKept() throws {
        let lstm = try normalise("LSTM", #"""
            {"name": "l", "units": 4, "time_major": true, "dropout": 0.5, "kernel_initializer": {"class_name": "Zeros"},
             "recurrent_regularizer": null, "bias_constraint": null, "unroll": false, "implementation": 2}
            """#)
        #expect(lstm["time_major"] == .bool(true))
        #expect(lstm["units"] == .number(4))
        #expect(lstm["dropout"] == nil && lstm["kernel_initializer"] == nil && lstm["unroll"] == nil)
        let bn = try normalise("BatchNormalization", #"{"name": "bn", "renorm": true, "renorm_momentum": 0.9}"#)
        #expect(bn["renorm"] == .bool(true))  // kept so that the engine refuses it by name
    }

    @Test func unknownKeysAreNamed() throws {
        #expect(throws: KerasFormatError.unknownConfigKey(layer: "d", className: "Dense", key: "sharpness")) {
            try normalise("Dense", #"{"name": "d", "units": 2, "sharpness": 3}"#)
        }
        #expect(throws: KerasFormatError.unsupportedOption(layer: "d", className: "Dense", key: "lora_rank", value: "4")) {
            try normalise("Dense", #"{"name": "d", "units": 2, "lora_rank": 4}"#, writer: .keras3)
        }
        #expect(throws: KerasFormatError.unsupportedOption(layer: "bn", className: "BatchNormalization", key: "mode", value: "2")) {
            try normalise("BatchNormalization", #"{"name": "bn", "mode": 2}"#, writer: .keras1)
        }
        // Neutral values of such keys load.
        #expect(try normalise("Dense", #"{"name": "d", "units": 2, "lora_rank": null, "quantization_config": null}"#)["units"] == .number(2))
        // Unknown classes keep their config whole (the engine names the class).
        #expect(try normalise("MyLayer", #"{"name": "m", "anything": 1}"#)["anything"] == .number(1))
    }
}
