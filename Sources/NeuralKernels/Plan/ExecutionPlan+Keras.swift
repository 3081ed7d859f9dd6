import KerasFormat

extension ExecutionPlan {
    /// Compiles a validated Keras model; throws `PlanUnsupported` for anything outside the planned subset
    /// (branches, other layer types, strides or dilations other than 1, other activations, …).
    init(keras: KerasModel) throws {
        let graph = keras.graph
        let chain = try Self.chain(graph)
        guard let declared = try Self.inputShape(graph), declared.count >= 2, declared.dropFirst().allSatisfy({ $0 != nil })
        else { throw PlanUnsupported(description: "input shape is not fully known") }
        let perSample = declared.dropFirst().compactMap { $0 }
        var builder = Builder(shape: perSample, writer: keras.flavour.writer)
        for layer in chain { try builder.add(layer) }
        self.inputShape = perSample
        self.outputShape = builder.shape
        self.steps = builder.steps
        self.activationPerSample = builder.largestActivation
        self.scratchPerSample = builder.largestScratch
    }

    /// The layers in call order when the graph is a simple chain.
    private static func chain(_ graph: KerasGraph) throws -> [KerasLayer] {
        guard graph.layers.allSatisfy({ $0.nestedGraph == nil }) else {
            throw PlanUnsupported(description: "nested models are not planned")
        }
        switch graph.kind {
        case .sequential:
            return graph.layers
        case .functional:
            guard graph.inputs.count == 1, graph.outputs.count == 1 else {
                throw PlanUnsupported(description: "more than one input or output")
            }
            var previous: String?
            for layer in graph.layers {
                if let previous {
                    guard layer.inboundNodes.count == 1, layer.inboundNodes[0].count == 1,
                        layer.inboundNodes[0][0].layer == previous
                    else { throw PlanUnsupported(description: "layer '\(layer.name)' is not part of a simple chain") }
                } else if !layer.inboundNodes.isEmpty {
                    throw PlanUnsupported(description: "the first layer is not the input")
                }
                previous = layer.name
            }
            guard graph.outputs[0].layer == previous, graph.inputs[0].layer == graph.layers.first?.name else {
                throw PlanUnsupported(description: "outputs are not the end of the chain")
            }
            return graph.layers
        }
    }

    private static func inputShape(_ graph: KerasGraph) throws -> [Int?]? {
        if let shape = graph.sequentialInputShape { return shape }
        guard let first = graph.layers.first, first.className == "InputLayer" else { return nil }
        let entry = first.config["batch_input_shape"] ?? first.config["batch_shape"]
        return entry?.arrayValue?.map { $0.intValue }
    }
}

/// Walks the chain, tracking the per-sample shape and appending fused steps.
private struct Builder {
    /// Per-sample shape: `[length, channels]` or `[features]`.
    var shape: [Int]
    var steps: [PlanStep] = []
    var largestActivation: Int
    var largestScratch = 0
    /// Decides defaults that changed between Keras generations (GRU `reset_after`).
    let writer: KerasFileFlavour.Writer

    init(shape: [Int], writer: KerasFileFlavour.Writer) {
        self.shape = shape
        self.writer = writer
        largestActivation = shape.reduce(1, *)
    }

    mutating func add(_ layer: KerasLayer) throws {
        let config = PlanLayerConfig(layer: layer)
        switch layer.className {
        case "InputLayer", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
            "ActivityRegularization":
            return
        case "Flatten":
            shape = [shape.reduce(1, *)]
        case "Activation":
            let activation = try config.activation()
            try fuse(into: { epilogue in
                guard epilogue.activation == .linear, epilogue.scale == nil else { return false }
                epilogue.activation = activation
                return true
            }, otherwise: Epilogue(bias: nil, activation: activation))
        case "BatchNormalization":
            let (scale, shift) = try batchNormAffine(layer, config: config)
            try fuse(into: { epilogue in
                guard epilogue.scale == nil else { return false }
                epilogue.scale = scale
                epilogue.shift = shift
                return true
            }, otherwise: {
                var epilogue = Epilogue(bias: nil, activation: .linear)
                epilogue.scale = scale
                epilogue.shift = shift
                return epilogue
            }())
        case "Conv1D":
            try addConv1D(layer, config: config)
        case "MaxPooling1D":
            guard shape.count == 2 else { throw config.unsupported("input rank") }
            guard try config.string("padding", default: "valid") == "valid",
                try config.string("data_format", default: "channels_last") == "channels_last"
            else { throw config.unsupported("padding or data_format") }
            let pool = try config.firstInt("pool_size", default: 2)
            let stride = try config.firstInt("strides", default: pool)
            guard pool >= 1, stride >= 1, shape[0] >= pool else { throw config.unsupported("pool_size") }
            let step = MaxPool1DStep(poolSize: pool, stride: stride, inputLength: shape[0], channels: shape[1])
            append(.maxPool1D(step), shape: [step.outputLength, shape[1]], scratch: 0)
        case "LSTM":
            try addLSTM(layer, config: config)
        case "GRU":
            try addGRU(layer, config: config)
        case "Dense":
            let units = try config.int("units")
            let useBias = try config.bool("use_bias", default: true)
            guard let inputSize = shape.last, layer.weights.count == (useBias ? 2 : 1),
                layer.weights[0].shape == [inputSize, units], !useBias || layer.weights[1].shape == [units]
            else { throw config.unsupported("weights") }
            let rows = shape.dropLast().reduce(1, *)
            let step = DenseStep(inputSize: inputSize, units: units, rowsPerSample: rows, kernel: layer.weights[0].values,
                                 epilogue: Epilogue(bias: useBias ? layer.weights[1].values : nil,
                                                    activation: try config.activation()))
            append(.dense(step), shape: shape.dropLast() + [units], scratch: 0)
        default:
            throw PlanUnsupported(description: "layer class \(layer.className) is not planned")
        }
    }

    private mutating func addConv1D(_ layer: KerasLayer, config: PlanLayerConfig) throws {
        guard shape.count == 2 else { throw config.unsupported("input rank") }
        let (length, channels) = (shape[0], shape[1])
        let filters = try config.int("filters")
        let size = try config.firstInt("kernel_size", default: 1)
        guard try config.firstInt("strides", default: 1) == 1, try config.firstInt("dilation_rate", default: 1) == 1,
            try config.int("groups", default: 1) == 1,
            try config.string("data_format", default: "channels_last") == "channels_last"
        else { throw config.unsupported("strides, dilation, groups or data_format") }
        let useBias = try config.bool("use_bias", default: true)
        guard layer.weights.count == (useBias ? 2 : 1), layer.weights[0].shape == [size, channels, filters],
            !useBias || layer.weights[1].shape == [filters]
        else { throw config.unsupported("weights") }
        let padLeft: Int, padRight: Int
        switch try config.string("padding", default: "valid") {
        case "valid": (padLeft, padRight) = (0, 0)
        case "same": (padLeft, padRight) = ((size - 1) / 2, size - 1 - (size - 1) / 2)
        case "causal": (padLeft, padRight) = (size - 1, 0)
        default: throw config.unsupported("padding")
        }
        guard length + padLeft + padRight >= size else { throw config.unsupported("input shorter than the kernel") }
        let step = Conv1DStep(
            kernelSize: size, inputChannels: channels, outputChannels: filters, inputLength: length,
            padLeft: padLeft, padRight: padRight, kernel: layer.weights[0].values,
            epilogue: Epilogue(bias: useBias ? layer.weights[1].values : nil, activation: try config.activation()),
            variant: KernelChoice.conv1D(kernelSize: size, inputChannels: channels, outputChannels: filters))
        append(.conv1D(step), shape: [step.outputLength, filters], scratch: step.scratchPerSample)
    }

    private mutating func addLSTM(_ layer: KerasLayer, config: PlanLayerConfig) throws {
        guard shape.count == 2 else { throw config.unsupported("input rank") }
        let units = try config.int("units")
        try requirePlainRecurrence(config)
        let useBias = try config.bool("use_bias", default: true)
        let (steps, inputSize) = (shape[0], shape[1])
        guard steps >= 1, layer.weights.count == (useBias ? 3 : 2), layer.weights[0].shape == [inputSize, 4 * units],
            layer.weights[1].shape == [units, 4 * units], !useBias || layer.weights[2].shape == [4 * units]
        else { throw config.unsupported("weights") }
        let returnSequences = try config.bool("return_sequences", default: false)
        let step = LSTMStep(
            inputSize: inputSize, units: units, steps: steps, returnSequences: returnSequences,
            kernel: layer.weights[0].values, recurrentKernel: layer.weights[1].values,
            bias: useBias ? layer.weights[2].values : [Float](repeating: 0, count: 4 * units),
            variant: nil)
        append(.lstm(step), shape: returnSequences ? [steps, units] : [units], scratch: step.scratchPerSample)
    }

    private mutating func addGRU(_ layer: KerasLayer, config: PlanLayerConfig) throws {
        guard shape.count == 2 else { throw config.unsupported("input rank") }
        let units = try config.int("units")
        try requirePlainRecurrence(config)
        let useBias = try config.bool("use_bias", default: true)
        let resetAfter = try config.bool("reset_after", default: writer != .keras1 && writer != .keras2)
        let (steps, inputSize) = (shape[0], shape[1])
        let biasShape = resetAfter ? [2, 3 * units] : [3 * units]
        guard steps >= 1, layer.weights.count == (useBias ? 3 : 2), layer.weights[0].shape == [inputSize, 3 * units],
            layer.weights[1].shape == [units, 3 * units], !useBias || layer.weights[2].shape == biasShape
        else { throw config.unsupported("weights") }
        let zeros = [Float](repeating: 0, count: 3 * units)
        let bias = useBias ? layer.weights[2].values : []
        let returnSequences = try config.bool("return_sequences", default: false)
        let step = GRUStep(
            inputSize: inputSize, units: units, steps: steps, returnSequences: returnSequences, resetAfter: resetAfter,
            kernel: layer.weights[0].values, recurrentKernel: layer.weights[1].values,
            inputBias: useBias ? Array(bias[0..<(3 * units)]) : zeros,
            recurrentBias: useBias && resetAfter ? Array(bias[(3 * units)...]) : zeros)
        append(.gru(step), shape: returnSequences ? [steps, units] : [units], scratch: step.scratchPerSample)
    }

    /// tanh / sigmoid, forward in time, no state carried or returned.
    private func requirePlainRecurrence(_ config: PlanLayerConfig) throws {
        guard try config.string("activation", default: "tanh") == "tanh",
            try config.string("recurrent_activation", default: "sigmoid") == "sigmoid",
            try !config.bool("go_backwards", default: false), try !config.bool("stateful", default: false),
            try !config.bool("return_state", default: false), try !config.bool("time_major", default: false)
        else { throw config.unsupported("activation, go_backwards, stateful, return_state or time_major") }
    }

    private func batchNormAffine(_ layer: KerasLayer, config: PlanLayerConfig) throws -> ([Float], [Float]) {
        guard let channels = shape.last else { throw config.unsupported("input rank") }
        let axisValue = layer.config["axis"]
        let axis = axisValue?.intValue ?? axisValue?.arrayValue?.first?.intValue ?? -1
        guard (axisValue?.arrayValue?.count ?? 1) == 1, axis == -1 || axis == shape.count else {
            throw config.unsupported("axis")
        }
        let center = try config.bool("center", default: true), scaled = try config.bool("scale", default: true)
        let epsilon = Float(try config.double("epsilon", default: 1e-3))
        guard layer.weights.count == 2 + (center ? 1 : 0) + (scaled ? 1 : 0),
            layer.weights.allSatisfy({ $0.shape == [channels] })
        else { throw config.unsupported("weights") }
        var index = 0
        let gamma = scaled ? layer.weights[index].values : [Float](repeating: 1, count: channels)
        index += scaled ? 1 : 0
        let beta = center ? layer.weights[index].values : [Float](repeating: 0, count: channels)
        index += center ? 1 : 0
        let mean = layer.weights[index].values, variance = layer.weights[index + 1].values
        let scale = (0..<channels).map { gamma[$0] / (variance[$0] + epsilon).squareRoot() }
        let shift = (0..<channels).map { beta[$0] - mean[$0] * scale[$0] }
        return (scale, shift)
    }

    /// Fuses into the last step's epilogue when `merge` accepts, else appends an element-wise step.
    private mutating func fuse(into merge: (inout Epilogue) -> Bool, otherwise fallback: Epilogue) throws {
        if var last = steps.last {
            var merged = false
            switch last {
            case .conv1D(var conv):
                merged = merge(&conv.epilogue)
                last = .conv1D(conv)
            case .dense(var dense):
                merged = merge(&dense.epilogue)
                last = .dense(dense)
            case .elementwise(var epilogue, let rows, let channels):
                merged = merge(&epilogue)
                last = .elementwise(epilogue, rowsPerSample: rows, channels: channels)
            case .lstm, .gru, .maxPool1D:
                break
            }
            if merged {
                steps[steps.count - 1] = last
                return
            }
        }
        guard let channels = shape.last else { throw PlanUnsupported(description: "element-wise layer on a scalar") }
        let rows = shape.dropLast().reduce(1, *)
        append(.elementwise(fallback, rowsPerSample: rows, channels: channels), shape: shape, scratch: 0)
    }

    private mutating func append(_ step: PlanStep, shape newShape: [Int], scratch: Int) {
        steps.append(step)
        shape = newShape
        largestActivation = max(largestActivation, newShape.reduce(1, *))
        largestScratch = max(largestScratch, scratch)
    }
}

/// Reads the few config keys the planner needs; any surprise makes the model unplanned (never a crash).
private struct PlanLayerConfig {
    let layer: KerasLayer

    func unsupported(_ what: String) -> PlanUnsupported {
        PlanUnsupported(description: "layer '\(layer.name)' (\(layer.className)): unsupported \(what)")
    }

    private func value(_ key: String) -> JSONValue? {
        guard let value = layer.config[key], !value.isNull else { return nil }
        return value
    }

    func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        guard let value = value(key) else {
            if let fallback { return fallback }
            throw unsupported(key)
        }
        guard let number = value.intValue, number >= 0 else { throw unsupported(key) }
        return number
    }

    /// An int or the first element of a one-element list (`kernel_size: [5]`).
    func firstInt(_ key: String, default fallback: Int) throws -> Int {
        guard let value = value(key) else { return fallback }
        if let list = value.arrayValue {
            guard list.count == 1, let number = list[0].intValue else { throw unsupported(key) }
            return number
        }
        guard let number = value.intValue else { throw unsupported(key) }
        return number
    }

    func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let value = value(key) else { return fallback }
        guard let flag = value.boolValue else { throw unsupported(key) }
        return flag
    }

    func string(_ key: String, default fallback: String) throws -> String {
        guard let value = value(key) else { return fallback }
        guard let text = value.stringValue else { throw unsupported(key) }
        return text
    }

    func double(_ key: String, default fallback: Double) throws -> Double {
        guard let value = value(key) else { return fallback }
        guard let number = value.doubleValue, number.isFinite else { throw unsupported(key) }
        return number
    }

    func activation() throws -> PlannedActivation {
        guard let activation = PlannedActivation(rawValue: try string("activation", default: "linear")) else {
            throw unsupported("activation")
        }
        return activation
    }
}
