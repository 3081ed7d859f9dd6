extension ExecutionPlan {
    /// Compiles a graph of specs; throws `PlanUnsupported` for anything outside the planned subset
    /// (branches, other layer kinds, strides or dilations other than 1, other activations, …).
    init(graph: GraphSpec) throws {
        let chain = try Self.chain(graph)
        guard let declared = Self.inputShape(graph), declared.count >= 2, declared.dropFirst().allSatisfy({ $0 != nil })
        else { throw PlanUnsupported(description: "input shape is not fully known") }
        let perSample = declared.dropFirst().compactMap { $0 }
        var builder = Builder(shape: perSample)
        for layer in chain { try builder.add(layer) }
        self.inputShape = perSample
        self.outputShape = builder.shape
        self.steps = builder.steps
        self.activationPerSample = builder.largestActivation
        self.scratchPerSample = builder.largestScratch
    }

    /// The layers in call order when the graph is a simple chain.
    private static func chain(_ graph: GraphSpec) throws -> [GraphSpec.Layer] {
        guard graph.layers.allSatisfy({ if case .model = $0.spec { false } else { true } }) else {
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
                    guard layer.calls.count == 1, layer.calls[0].count == 1, layer.calls[0][0].layer == previous
                    else { throw PlanUnsupported(description: "layer '\(layer.name)' is not part of a simple chain") }
                } else if !layer.calls.isEmpty {
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

    private static func inputShape(_ graph: GraphSpec) -> [Int?]? {
        if let shape = graph.sequentialInputShape { return shape }
        guard let first = graph.layers.first, case .input(let shape) = first.spec else { return nil }
        return shape
    }
}

/// Walks the chain, tracking the per-sample shape and appending fused steps.
private struct Builder {
    /// Per-sample shape: `[length, channels]` or `[features]`.
    var shape: [Int]
    var steps: [PlanStep] = []
    var largestActivation: Int
    var largestScratch = 0

    init(shape: [Int]) {
        self.shape = shape
        largestActivation = shape.reduce(1, *)
    }

    mutating func add(_ layer: GraphSpec.Layer) throws {
        let unsupported = { (what: String) in
            PlanUnsupported(description: "layer '\(layer.name)' (\(layer.className)): unsupported \(what)")
        }
        switch layer.spec {
        case .input, .identity:
            return
        case .flatten:
            shape = [shape.reduce(1, *)]
        case .activation(let activation):
            guard let activation = PlannedActivation(activation) else { throw unsupported("activation") }
            try fuse(into: { epilogue in
                guard epilogue.activation == .linear, epilogue.scale == nil else { return false }
                epilogue.activation = activation
                return true
            }, otherwise: Epilogue(bias: nil, activation: activation))
        case .batchNormalization(let spec):
            guard let channels = shape.last, spec.axis == -1 || spec.axis == shape.count, spec.channels == channels
            else { throw unsupported("axis") }
            let (scale, shift) = spec.affine
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
        case .conv1D(let spec):
            try addConv1D(spec, unsupported: unsupported)
        case .pooling1D(let spec):
            guard spec.kind == .max, spec.padding == .valid else { throw unsupported("pooling kind or padding") }
            guard shape.count == 2 else { throw unsupported("input rank") }
            guard shape[0] >= spec.poolSize else { throw unsupported("pool_size") }
            let step = MaxPool1DStep(poolSize: spec.poolSize, stride: spec.strides, inputLength: shape[0], channels: shape[1])
            append(.maxPool1D(step), shape: [step.outputLength, shape[1]], scratch: 0)
        case .recurrent(.lstm(let spec)):
            try addLSTM(spec, unsupported: unsupported)
        case .recurrent(.gru(let spec)):
            try addGRU(spec, unsupported: unsupported)
        case .dense(let spec):
            guard let inputSize = shape.last, spec.kernel.shape == [inputSize, spec.units] else {
                throw unsupported("weights")
            }
            guard let activation = PlannedActivation(spec.activation) else { throw unsupported("activation") }
            let rows = shape.dropLast().reduce(1, *)
            let step = DenseStep(inputSize: inputSize, units: spec.units, rowsPerSample: rows, kernel: spec.kernel.values,
                                 epilogue: Epilogue(bias: spec.bias?.values, activation: activation))
            append(.dense(step), shape: shape.dropLast() + [spec.units], scratch: 0)
        default:
            throw PlanUnsupported(description: "layer class \(layer.className) is not planned")
        }
    }

    private mutating func addConv1D(_ spec: Conv1DSpec, unsupported: (String) -> PlanUnsupported) throws {
        guard shape.count == 2 else { throw unsupported("input rank") }
        let (length, channels) = (shape[0], shape[1])
        let (size, filters) = (spec.kernelSize, spec.filters)
        guard spec.strides == 1, spec.dilation == 1, spec.groups == 1 else {
            throw unsupported("strides, dilation or groups")
        }
        guard spec.kernel.shape == [size, channels, filters] else { throw unsupported("weights") }
        guard let activation = PlannedActivation(spec.activation) else { throw unsupported("activation") }
        let geometry = spec.padding.geometry(length: length, window: size, stride: 1)
        guard length + geometry.padLeft + geometry.padRight >= size else {
            throw unsupported("input shorter than the kernel")
        }
        let step = Conv1DStep(
            kernelSize: size, inputChannels: channels, outputChannels: filters, inputLength: length,
            padLeft: geometry.padLeft, padRight: geometry.padRight, kernel: spec.kernel.values,
            epilogue: Epilogue(bias: spec.bias?.values, activation: activation),
            variant: KernelChoice.conv1D(kernelSize: size, inputChannels: channels, outputChannels: filters))
        append(.conv1D(step), shape: [step.outputLength, filters], scratch: step.scratchPerSample)
    }

    private mutating func addLSTM(_ spec: LSTMSpec, unsupported: (String) -> PlanUnsupported) throws {
        guard shape.count == 2 else { throw unsupported("input rank") }
        try requirePlainRecurrence(spec.activation, spec.recurrentActivation, spec.options, unsupported: unsupported)
        let (steps, inputSize, units) = (shape[0], shape[1], spec.units)
        guard steps >= 1, spec.kernel.shape == [inputSize, 4 * units] else { throw unsupported("weights") }
        let step = LSTMStep(
            inputSize: inputSize, units: units, steps: steps, returnSequences: spec.options.returnSequences,
            kernel: spec.kernel.values, recurrentKernel: spec.recurrentKernel.values,
            bias: spec.bias?.values ?? [Float](repeating: 0, count: 4 * units),
            variant: nil)
        append(.lstm(step), shape: spec.options.returnSequences ? [steps, units] : [units], scratch: step.scratchPerSample)
    }

    private mutating func addGRU(_ spec: GRUSpec, unsupported: (String) -> PlanUnsupported) throws {
        guard shape.count == 2 else { throw unsupported("input rank") }
        try requirePlainRecurrence(spec.activation, spec.recurrentActivation, spec.options, unsupported: unsupported)
        let (steps, inputSize, units) = (shape[0], shape[1], spec.units)
        guard steps >= 1, spec.kernel.shape == [inputSize, 3 * units] else { throw unsupported("weights") }
        let zeros = [Float](repeating: 0, count: 3 * units)
        let bias = spec.bias?.values ?? []
        let returnSequences = spec.options.returnSequences
        let step = GRUStep(
            inputSize: inputSize, units: units, steps: steps, returnSequences: returnSequences,
            resetAfter: spec.resetAfter, kernel: spec.kernel.values, recurrentKernel: spec.recurrentKernel.values,
            inputBias: bias.isEmpty ? zeros : Array(bias[0..<(3 * units)]),
            recurrentBias: !bias.isEmpty && spec.resetAfter ? Array(bias[(3 * units)...]) : zeros)
        append(.gru(step), shape: returnSequences ? [steps, units] : [units], scratch: step.scratchPerSample)
    }

    /// tanh / sigmoid, forward in time, batch-major, no state returned.
    private func requirePlainRecurrence(
        _ activation: Activation, _ recurrentActivation: Activation, _ options: RecurrentOptions,
        unsupported: (String) -> PlanUnsupported
    ) throws {
        guard activation == .tanh, recurrentActivation == .sigmoid, !options.goBackwards, !options.returnState,
            !options.timeMajor
        else { throw unsupported("activation, go_backwards, return_state or time_major") }
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
