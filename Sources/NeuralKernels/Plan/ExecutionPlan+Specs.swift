extension ExecutionPlan {
    /// Compiles a graph of specs; throws `PlanUnsupported` naming the first layer or option the planner does not
    /// cover.
    /// `inputShapes` (per sample, one per model input) replace the declared input shapes: the plan of a model whose
    /// inputs leave sizes open, for one concrete set of sizes.
    init(graph: GraphSpec, inputShapes: [[Int]]? = nil) throws {
        var builder = PlanBuilder()
        builder.inputOverrides = inputShapes
        builder.outputValues = try builder.addGraph(graph, inputs: nil)
        self.init(builder: builder)
    }

    /// The plan of a built graph (`outputValues` set).
    fileprivate init(builder: PlanBuilder) {
        self.inputShapes = builder.inputValues.map { builder.values[$0].shape }
        self.outputShapes = builder.outputValues.map { builder.values[$0].shape }
        self.outputFixedBatches = builder.outputValues.map { builder.values[$0].fixedBatch }
        self.splittable = !builder.steps.contains { step in
            if case .timeMajorRecurrent = step.kernel { return true }
            return false
        }
        self.inputCounts = inputShapes.map { $0.reduce(1, *) }
        self.outputCounts = outputShapes.map { $0.reduce(1, *) }
        self.outputValues = builder.outputValues
        self.steps = builder.steps
        (self.locations, self.valuesPerSample) = builder.layout()
        self.scratchPerSample = builder.largestScratch
    }
}

/// Walks the graph in call order, tracking per-sample shapes, fusing epilogues and appending steps.
private struct PlanBuilder {
    /// A value: per-sample shape and the storage holding its floats (views share their source's storage).
    struct Value {
        var shape: [Int]
        var storage: Int
        /// How many layer calls (and model outputs) read it.
        var readers: Int
        /// The value's own batch size when it is not the model's (the last output of a time-major recurrent layer:
        /// axis 1 of its input); nil for values with the model's batch.
        var fixedBatch: Int? = nil
    }

    /// A block of floats: a model input, or arena memory written by step `writer`.
    struct Storage {
        var floats: Int
        var input: Int?
        var writer: Int
    }

    var values: [Value] = []
    var storages: [Storage] = []
    var steps: [ExecutionPlan.Step] = []
    /// Step that wrote each value directly (views and inputs have none).
    var producer: [Int: Int] = [:]
    var inputValues: [Int] = []
    var outputValues: [Int] = []
    var largestScratch = 0
    /// Concrete per-sample shapes for the model's inputs, in order (instead of the declared ones).
    var inputOverrides: [[Int]]?

    // MARK: - Graphs

    /// Adds a graph's layers; `inputs` are the values a nested model is called on (nil: the model's own inputs).
    /// Returns the graph's output values.
    mutating func addGraph(_ graph: GraphSpec, inputs: [Int]?) throws -> [Int] {
        switch graph.kind {
        case .sequential: return try addSequential(graph, inputs: inputs)
        case .functional: return try addFunctional(graph, inputs: inputs)
        }
    }

    private mutating func addSequential(_ graph: GraphSpec, inputs: [Int]?) throws -> [Int] {
        var layers = graph.layers[...]
        var declared = graph.sequentialInputShape
        if let first = layers.first, case .input(let shape) = first.spec {
            declared = shape
            layers = layers.dropFirst()
        }
        var current: Int
        if let inputs {
            guard inputs.count == 1 else { throw PlanUnsupported(description: "a Sequential model called on several inputs") }
            current = inputs[0]
        } else {
            guard let declared else { throw PlanUnsupported(description: "input shape is not declared") }
            current = try addInput(declared, readers: 1)
        }
        for layer in layers {
            guard !layer.isInput else { throw PlanUnsupported(description: "an input layer after the first layer") }
            let outputs = try add(layer, inputs: [current])
            guard outputs.count == 1 else { throw PlanUnsupported(description: "a layer with several outputs") }
            current = outputs[0]
            values[current].readers = 1
        }
        return [current]
    }

    private mutating func addFunctional(_ graph: GraphSpec, inputs: [Int]?) throws -> [Int] {
        var byName: [String: GraphSpec.Layer] = [:]
        for layer in graph.layers { byName[layer.name] = layer }
        var readerCounts: [GraphSpec.TensorRef: Int] = [:]
        for layer in graph.layers {
            for call in layer.calls { for reference in call { readerCounts[reference, default: 0] += 1 } }
        }
        for reference in graph.outputs { readerCounts[reference, default: 0] += 1 }
        if let inputs, inputs.count != graph.inputs.count {
            throw PlanUnsupported(description: "nested model '\(graph.name)' called on \(inputs.count) inputs")
        }
        var produced: [GraphSpec.TensorRef: Int] = [:]
        for (index, reference) in graph.inputs.enumerated() {
            guard let layer = byName[reference.layer], case .input(let shape) = layer.spec else {
                throw PlanUnsupported(description: "model input '\(reference.layer)' is not an input layer")
            }
            let key = GraphSpec.TensorRef(layer: layer.name)
            if let inputs {
                // A nested model's input is the outer value itself: it keeps the outer readers and gains these.
                produced[key] = inputs[index]
                values[inputs[index]].readers += (readerCounts[key] ?? 0)
            } else {
                produced[key] = try addInput(shape, readers: readerCounts[key] ?? 0)
            }
        }
        struct PendingCall { let layer: GraphSpec.Layer; let call: Int; let inputs: [GraphSpec.TensorRef] }
        var pending: [PendingCall] = []
        for layer in graph.layers where !layer.isInput {
            for (call, inputs) in layer.calls.enumerated() { pending.append(PendingCall(layer: layer, call: call, inputs: inputs)) }
        }
        while !pending.isEmpty {
            guard let ready = pending.firstIndex(where: { $0.inputs.allSatisfy { produced[$0] != nil } }),
                  !pending[ready].inputs.isEmpty
            else { throw PlanUnsupported(description: "the graph has calls that never become ready") }
            let next = pending.remove(at: ready)
            let outputs = try add(next.layer, inputs: next.inputs.compactMap { produced[$0] })
            for (index, value) in outputs.enumerated() {
                let key = GraphSpec.TensorRef(layer: next.layer.name, call: next.call, output: index)
                produced[key] = value
                values[value].readers += readerCounts[key] ?? 0
            }
        }
        return try graph.outputs.map { reference in
            guard let value = produced[reference] else {
                throw PlanUnsupported(description: "model output \(reference) is not produced")
            }
            return value
        }
    }

    fileprivate mutating func addInput(_ declared: [Int?], readers: Int) throws -> Int {
        var perSample = declared.dropFirst()
        if let overrides = inputOverrides {
            guard inputValues.count < overrides.count, overrides[inputValues.count].count == perSample.count,
                  zip(overrides[inputValues.count], perSample).allSatisfy({ $1 == nil || $1 == $0 })
            else { throw PlanUnsupported(description: "input shapes that do not fit the declared ones") }
            perSample = overrides[inputValues.count].map { Optional($0) }[...]
        }
        guard !perSample.isEmpty, perSample.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw PlanUnsupported(description: "input shape is not fully known")
        }
        let shape = perSample.map { $0 ?? 0 }
        storages.append(Storage(floats: shape.reduce(1, *), input: inputValues.count, writer: -1))
        values.append(Value(shape: shape, storage: storages.count - 1, readers: readers))
        inputValues.append(values.count - 1)
        return values.count - 1
    }

    // MARK: - Layers

    /// Adds one call of `layer`; returns its output values (their readers are counted by the caller).
    mutating func add(_ layer: GraphSpec.Layer, inputs: [Int]) throws -> [Int] {
        let unsupported = { (what: String) in
            PlanUnsupported(description: "layer '\(layer.name)' (\(layer.className)): unsupported \(what)")
        }
        func single() throws -> Int {
            guard inputs.count == 1 else { throw unsupported("input count \(inputs.count)") }
            return inputs[0]
        }
        guard Set(inputs.map { values[$0].fixedBatch }).count <= 1 else {
            throw unsupported("inputs with different batch axes")
        }
        let output: Int
        switch layer.spec {
        case .input:
            throw unsupported("input layer called as a layer")
        case .model(let graph):
            // Inlined: a nested model's outputs come back with the readers inside it (its output references
            // included, so that nothing outside fuses into a value the nested model also reads).
            return try addGraph(graph, inputs: inputs)
        case .reshape(let spec):
            let input = try single()
            let count = values[input].shape.reduce(1, *)
            let known = spec.targetShape.filter { $0 != -1 }.reduce(1, *)
            guard known > 0, count % known == 0 else { throw unsupported("target shape") }
            output = view(of: input, shape: spec.targetShape.map { $0 == -1 ? count / known : $0 })
        case .identity:
            output = view(of: try single(), shape: values[try single()].shape)
        case .flatten:
            let input = try single()
            output = view(of: input, shape: [values[input].shape.reduce(1, *)])
        case .activation(let activation):
            let input = try single()
            let shape = values[input].shape
            guard activation.isPlannable(rank: shape.count) else {
                // Softmax along another axis: its own step over [outer, length, inner] blocks.
                guard case .softmax(let axis) = activation else { throw unsupported("activation") }
                let resolved = (axis < 0 ? axis + shape.count + 1 : axis) - 1
                guard resolved >= 0, resolved < shape.count else { throw unsupported("softmax axis \(axis)") }
                output = append(.softmax(outer: shape[..<resolved].reduce(1, *), length: shape[resolved],
                                         inner: shape[(resolved + 1)...].reduce(1, *)),
                                inputs: [input], shape: shape, scratch: 0)
                break
            }
            output = try fuse(try single(), into: { epilogue in
                guard epilogue.activation == .linear else { return false }
                epilogue.activation = activation
                epilogue.activationLast = epilogue.scale != nil
                return true
            }, otherwise: Epilogue(bias: nil, activation: activation))
        case .batchNormalization(let spec):
            let input = try single()
            let shape = values[input].shape
            let axis = (spec.axis < 0 ? spec.axis + shape.count + 1 : spec.axis) - 1
            guard axis >= 0, axis < shape.count, spec.channels == shape[axis] else { throw unsupported("axis") }
            let (scale, shift) = spec.affine
            var fallback = Epilogue(bias: nil, activation: .linear)
            fallback.scale = scale
            fallback.shift = shift
            guard axis == shape.count - 1 else {
                // Another axis: moved last (a gather), the per-channel affine as rows, and moved back.
                let order = (0..<shape.count).filter { $0 != axis } + [axis]
                let moved = try permuted(input, order: order, unsupported)
                let normalised = append(.elementwise(fallback, rowsPerSample: shape.reduce(1, *) / shape[axis],
                                                     channels: shape[axis]),
                                        inputs: [moved], shape: values[moved].shape, scratch: 0)
                var inverse = [Int](repeating: 0, count: shape.count)
                for (position, from) in order.enumerated() { inverse[from] = position }
                output = try permuted(normalised, order: inverse, unsupported)
                break
            }
            output = try fuse(input, into: { epilogue in
                guard epilogue.scale == nil else { return false }
                epilogue.scale = scale
                epilogue.shift = shift
                return true
            }, otherwise: fallback)
        case .conv1D(let spec):
            output = try addConv1D(spec, input: try single(), unsupported: unsupported)
        case .pooling1D(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 2 else { throw unsupported("input rank") }
            if spec.kind == .max, spec.padding == .valid, shape[0] >= spec.poolSize {
                let step = MaxPool1DStep(poolSize: spec.poolSize, stride: spec.strides, inputLength: shape[0], channels: shape[1])
                output = append(.maxPool1D(step), inputs: [input], shape: [step.outputLength, shape[1]], scratch: 0)
            } else {
                let geometry = spec.padding.geometry(length: shape[0], window: spec.poolSize, stride: spec.strides)
                guard geometry.output >= 1 else { throw unsupported("input shorter than the pool") }
                let step = Pool1DStep(kind: spec.kind, size: spec.poolSize, stride: spec.strides, padLeft: geometry.padLeft,
                                      inputLength: shape[0], outputLength: geometry.output, channels: shape[1])
                output = append(.pool1D(step), inputs: [input], shape: [geometry.output, shape[1]], scratch: 0)
            }
        case .layerNormalization(let spec):
            // The normalised axes are moved last (a gather, unless they already are), normalised as rows, and moved back.
            let input = try single()
            let shape = values[input].shape
            let rank = shape.count
            let axes = Set(spec.axes.map { ($0 < 0 ? $0 + rank + 1 : $0) - 1 })
            guard !axes.isEmpty, axes.allSatisfy({ $0 >= 0 && $0 < rank }) else { throw unsupported("axes") }
            let order = (0..<rank).filter { !axes.contains($0) } + axes.sorted()
            let width = axes.reduce(1) { $0 * shape[$1] }
            guard (spec.gamma?.values.count ?? width) == width, (spec.beta?.values.count ?? width) == width else {
                throw unsupported("weights")
            }
            let inPlace = order == Array(0..<rank)
            let rows = inPlace ? input : try permuted(input, order: order, unsupported)
            let step = LayerNormStep(
                rowsPerSample: shape.reduce(1, *) / width, width: width, epsilon: spec.epsilon,
                gamma: spec.gamma?.values ?? [Float](repeating: 1, count: width),
                beta: spec.beta?.values ?? [Float](repeating: 0, count: width))
            let normalised = append(.layerNorm(step), inputs: [rows], shape: values[rows].shape, scratch: 0)
            var inverse = [Int](repeating: 0, count: rank)
            for (position, axis) in order.enumerated() { inverse[axis] = position }
            output = inPlace ? normalised : try permuted(normalised, order: inverse, unsupported)
        case .prelu(let spec):
            let input = try single()
            output = append(.prelu(PReLUStep(alpha: try Self.expandedAlpha(spec, shape: values[input].shape, unsupported))),
                            inputs: [input], shape: values[input].shape, scratch: 0)
        case .permute(let spec):
            let input = try single()
            guard spec.dims.count == values[input].shape.count else { throw unsupported("dims") }
            output = try permuted(input, order: spec.dims.map { $0 - 1 }, unsupported)
        case .repeatVector(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 1 else { throw unsupported("input rank") }
            output = try gather(input, shape: [spec.count, shape[0]], unsupported) { [$0[1]] }
        case .zeroPadding1D(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 2 else { throw unsupported("input rank") }
            output = try gather(input, shape: [shape[0] + spec.left + spec.right, shape[1]], unsupported) { coordinates in
                let row = coordinates[0] - spec.left
                return row >= 0 && row < shape[0] ? [row, coordinates[1]] : nil
            }
        case .cropping1D(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 2, shape[0] - spec.start - spec.end >= 1 else { throw unsupported("input shape") }
            output = try gather(input, shape: [shape[0] - spec.start - spec.end, shape[1]], unsupported) {
                [$0[0] + spec.start, $0[1]]
            }
        case .upSampling1D(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 2 else { throw unsupported("input rank") }
            output = try gather(input, shape: [shape[0] * spec.size, shape[1]], unsupported) { [$0[0] / spec.size, $0[1]] }
        case .globalPooling1D(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 2, shape[0] >= 1 else { throw unsupported("input shape") }
            output = append(.globalPool(spec.kind, length: shape[0], channels: shape[1]), inputs: [input],
                            shape: spec.keepDims ? [1, shape[1]] : [shape[1]], scratch: 0)
        case .recurrent(let spec):
            return try addRecurrentLayer(spec, inputs: inputs, unsupported: unsupported)
        case .depthwiseConv1D(let spec):
            let input = try single()
            let shape = values[input].shape
            guard shape.count == 2, spec.kernel.shape == [spec.kernelSize, shape[1], spec.depthMultiplier],
                  (spec.bias?.values.count ?? shape[1] * spec.depthMultiplier) == shape[1] * spec.depthMultiplier
            else { throw unsupported("input rank or weights") }
            guard spec.activation.isPlannable(rank: 2) else { throw unsupported("activation") }
            output = try addDirectConv1D(
                input: input, kernelSize: spec.kernelSize, stride: spec.strides, dilation: spec.dilation,
                groups: shape[1], padding: spec.padding, outputChannels: shape[1] * spec.depthMultiplier,
                kernel: spec.kernel.values, epilogue: Epilogue(bias: spec.bias?.values, activation: spec.activation),
                unsupported: unsupported)
        case .separableConv1D(let spec):
            // Depthwise (no bias) into `[length', in·depthMultiplier]`, then the pointwise kernel as a Dense.
            let input = try single()
            let shape = values[input].shape
            let width = (shape.last ?? 0) * spec.depthMultiplier
            guard shape.count == 2, spec.depthwiseKernel.shape == [spec.kernelSize, shape[1], spec.depthMultiplier],
                  spec.pointwiseKernel.shape == [1, width, spec.filters]
            else { throw unsupported("input rank or weights") }
            guard spec.activation.isPlannable(rank: 2) else { throw unsupported("activation") }
            let depthwise = try addDirectConv1D(
                input: input, kernelSize: spec.kernelSize, stride: spec.strides, dilation: spec.dilation,
                groups: shape[1], padding: spec.padding, outputChannels: width, kernel: spec.depthwiseKernel.values,
                epilogue: Epilogue(bias: nil, activation: .linear), unsupported: unsupported)
            values[depthwise].readers = 1
            let length = values[depthwise].shape[0]
            let step = DenseStep(inputSize: width, units: spec.filters, rowsPerSample: length,
                                 kernel: spec.pointwiseKernel.values,
                                 epilogue: Epilogue(bias: spec.bias?.values, activation: spec.activation))
            output = append(.dense(step), inputs: [depthwise], shape: [length, spec.filters], scratch: 0)
        case .timeDistributed(let spec):
            // Layers that act on the last axis alone are the same layer on the whole sequence.
            let lastAxisOnly: Bool
            switch spec.layer {
            case .dense, .identity: lastAxisOnly = true
            case .activation(.softmax(let axis)): lastAxisOnly = axis == -1
            case .activation: lastAxisOnly = true
            case .batchNormalization(let normalization): lastAxisOnly = normalization.axis == -1
            default: lastAxisOnly = false
            }
            let layer = GraphSpec.Layer(name: spec.innerName, className: spec.innerClassName, spec: spec.layer)
            if lastAxisOnly { return try add(layer, inputs: inputs) }
            // Any other layer: its own plan over [steps, …] samples, run on batch · steps of them.
            let input = try single()
            let shape = values[input].shape
            guard shape.count >= 2, values[input].fixedBatch == nil else { throw unsupported("input rank") }
            var inner = PlanBuilder()
            let innerInput = try inner.addInput([nil] + shape.dropFirst().map { Optional($0) }, readers: 1)
            inner.outputValues = try inner.add(layer, inputs: [innerInput])
            guard inner.outputValues.count == 1 else { throw unsupported("wrapped layer with several outputs") }
            let plan = ExecutionPlan(builder: inner)
            guard plan.splittable, plan.outputFixedBatches == [nil] else {
                throw unsupported("wrapped \(spec.innerClassName) that mixes samples")
            }
            let step = TimeDistributedStep(plan: plan, steps: shape[0])
            output = append(.timeDistributed(step), inputs: [input], shape: [shape[0]] + plan.outputShapes[0],
                            scratch: step.scratchPerSample)
        case .bidirectional(let spec):
            // The backward layer reads the sequence reversed; with return_sequences its output is flipped back.
            // With return_state the forward layer's states, then the backward layer's, follow the output(s).
            let input = try single()
            let forwardOutputs = try addRecurrentLayer(spec.forward, inputs: [input], unsupported: unsupported)
            let backwardOutputs = try addRecurrentLayer(spec.backward, inputs: [input], unsupported: unsupported)
            let states = Array(forwardOutputs.dropFirst()) + Array(backwardOutputs.dropFirst())
            let forward = forwardOutputs[0]
            var backward = backwardOutputs[0]
            if spec.backward.options.returnSequences { backward = try reversedInTime(backward, unsupported) }
            let shape = values[forward].shape
            guard values[backward].shape.dropLast() == shape.dropLast() else { throw unsupported("layer shapes") }
            switch spec.merge {
            case nil:
                return [forward, backward] + states
            case .concat?:
                let widths = [shape[shape.count - 1], values[backward].shape[shape.count - 1]]
                return [append(.concatenate(blocksPerSample: shape.dropLast().reduce(1, *), chunks: widths),
                               inputs: [forward, backward], shape: shape.dropLast() + [widths[0] + widths[1]],
                               scratch: 0)] + states
            case let mode?:
                guard values[backward].shape == shape else { throw unsupported("merge of different sizes") }
                let kind: MergeSpec.Kind = mode == .sum ? .add : mode == .ave ? .average : .multiply
                return [append(.merge(kind, count: shape.reduce(1, *)), inputs: [forward, backward], shape: shape,
                               scratch: 0)] + states
            }
        case .dense(let spec):
            let input = try single()
            let shape = values[input].shape
            guard let inputSize = shape.last, spec.kernel.shape == [inputSize, spec.units] else {
                throw unsupported("weights")
            }
            let activation = spec.activation
            guard activation.isPlannable(rank: shape.count) else { throw unsupported("activation") }
            let rows = shape.dropLast().reduce(1, *)
            let step = DenseStep(inputSize: inputSize, units: spec.units, rowsPerSample: rows, kernel: spec.kernel.values,
                                 epilogue: Epilogue(bias: spec.bias?.values, activation: activation))
            output = append(.dense(step), inputs: [input], shape: shape.dropLast() + [spec.units], scratch: 0)
        case .concatenate(let spec):
            let shapes = inputs.map { values[$0].shape }
            guard let rank = shapes.first?.count, rank >= 1, shapes.allSatisfy({ $0.count == rank }) else {
                throw unsupported("inputs of different ranks")
            }
            // `spec.axis` counts the batch axis; `axis` indexes the per-sample shape.
            let axis = (spec.axis < 0 ? spec.axis + rank + 1 : spec.axis) - 1
            guard axis >= 0, axis < rank,
                  shapes.allSatisfy({ shape in (0..<rank).allSatisfy { $0 == axis || shape[$0] == shapes[0][$0] } })
            else { throw unsupported("concatenation axis or shapes") }
            var shape = shapes[0]
            shape[axis] = shapes.reduce(0) { $0 + $1[axis] }
            output = append(.concatenate(blocksPerSample: shape[..<axis].reduce(1, *),
                                         chunks: shapes.map { $0[axis...].reduce(1, *) }),
                            inputs: inputs, shape: shape, scratch: 0)
        case .merge(let spec):
            guard inputs.count >= 2, spec.kind != .subtract || inputs.count == 2 else {
                throw unsupported("input count \(inputs.count)")
            }
            // Keras broadcasting: a lower-rank input gains size-1 axes right after the batch axis, then every size
            // equals the largest or is 1. Inputs that are not of the result's shape are broadcast by a gather.
            let rank = inputs.map { values[$0].shape.count }.max() ?? 0
            let padded = inputs.map { [Int](repeating: 1, count: rank - values[$0].shape.count) + values[$0].shape }
            let shape = (0..<rank).map { axis in padded.map { $0[axis] }.max() ?? 1 }
            guard padded.allSatisfy({ sizes in (0..<rank).allSatisfy { sizes[$0] == shape[$0] || sizes[$0] == 1 } }) else {
                throw unsupported("merge of shapes that do not broadcast")
            }
            var operands: [Int] = []
            for (input, sizes) in zip(inputs, padded) {
                guard sizes != shape else {
                    operands.append(input)
                    continue
                }
                let lead = rank - values[input].shape.count
                operands.append(try gather(input, shape: shape, unsupported) { coordinates in
                    (lead..<rank).map { sizes[$0] == 1 ? 0 : coordinates[$0] }
                })
            }
            output = append(.merge(spec.kind, count: shape.reduce(1, *)), inputs: operands, shape: shape, scratch: 0)
        }
        return [output]
    }

    private mutating func addConv1D(_ spec: Conv1DSpec, input: Int, unsupported: (String) -> PlanUnsupported) throws -> Int {
        let shape = values[input].shape
        guard shape.count == 2 else { throw unsupported("input rank") }
        let (length, channels) = (shape[0], shape[1])
        let (size, filters) = (spec.kernelSize, spec.filters)
        let activation = spec.activation
        guard activation.isPlannable(rank: 2) else { throw unsupported("activation") }
        guard spec.strides == 1, spec.dilation == 1, spec.groups == 1 else {
            guard channels % spec.groups == 0, spec.kernel.shape == [size, channels / spec.groups, filters] else {
                throw unsupported("weights")
            }
            return try addDirectConv1D(
                input: input, kernelSize: size, stride: spec.strides, dilation: spec.dilation, groups: spec.groups,
                padding: spec.padding, outputChannels: filters, kernel: spec.kernel.values,
                epilogue: Epilogue(bias: spec.bias?.values, activation: activation), unsupported: unsupported)
        }
        guard spec.kernel.shape == [size, channels, filters] else { throw unsupported("weights") }
        let geometry = spec.padding.geometry(length: length, window: size, stride: 1)
        guard length + geometry.padLeft + geometry.padRight >= size else {
            throw unsupported("input shorter than the kernel")
        }
        let step = Conv1DStep(
            kernelSize: size, inputChannels: channels, outputChannels: filters, inputLength: length,
            padLeft: geometry.padLeft, padRight: geometry.padRight, kernel: spec.kernel.values,
            epilogue: Epilogue(bias: spec.bias?.values, activation: activation),
            variant: KernelChoice.conv1D(kernelSize: size, inputChannels: channels, outputChannels: filters))
        return append(.conv1D(step), inputs: [input], shape: [step.outputLength, filters], scratch: step.scratchPerSample)
    }

    /// A direct-loop convolution `[length, in] → [length', outputChannels]` (kernel `[k, in/groups, outputChannels]`):
    /// strided, dilated and grouped Conv1D, and depthwise convolutions (one group per input channel).
    private mutating func addDirectConv1D(
        input: Int, kernelSize: Int, stride: Int, dilation: Int, groups: Int, padding: Padding, outputChannels: Int,
        kernel: [Float], epilogue: Epilogue, unsupported: (String) -> PlanUnsupported
    ) throws -> Int {
        let (length, channels) = (values[input].shape[0], values[input].shape[1])
        let extent = (kernelSize - 1) * dilation + 1
        let geometry = padding.geometry(length: length, window: extent, stride: stride)
        guard geometry.output >= 1 else { throw unsupported("input shorter than the kernel") }
        let step = DirectConv1DStep(
            kernelSize: kernelSize, stride: stride, dilation: dilation, groups: groups, inputLength: length,
            inputChannels: channels, outputLength: geometry.output, outputChannels: outputChannels,
            padLeft: geometry.padLeft, kernel: kernel, epilogue: epilogue)
        return append(.directConv1D(step), inputs: [input], shape: [geometry.output, outputChannels], scratch: 0)
    }

    /// A recurrent layer's outputs: the sequence or last output, then with `return_state` the final states
    /// (`h`, and `c` for an LSTM). `h` is the last output (a view of it, or a gather of the sequence's last step);
    /// the LSTM step writes `c` into a second output value.
    /// `inputs`: the sequence, then the initial states (none, or `h` (and `c` for an LSTM), each `[units]`).
    private mutating func addRecurrentLayer(_ spec: RecurrentSpec, inputs: [Int],
                                            unsupported: (String) -> PlanUnsupported) throws -> [Int] {
        guard let input = inputs.first else { throw unsupported("input count 0") }
        let states = Array(inputs.dropFirst())
        if spec.options.timeMajor {
            guard !spec.options.returnState, states.isEmpty else {
                throw unsupported("return_state or initial_state with time_major")
            }
            return [try addTimeMajorRecurrent(spec, input: input, unsupported: unsupported)]
        }
        var withoutState = spec
        withoutState.options.returnState = false
        let output = try addRecurrent(withoutState, input: input, states: states, unsupported: unsupported)
        guard spec.options.returnState else { return [output] }
        let shape = values[output].shape
        guard let units = shape.last, let step = producer[output] else { throw unsupported("output shape") }
        var cell: [Int] = []
        if case .lstm = spec {
            storages.append(Storage(floats: units, input: nil, writer: step))
            values.append(Value(shape: [units], storage: storages.count - 1, readers: 0))
            steps[step].stateOutput = values.count - 1
            cell = [values.count - 1]
        }
        let last: Int
        if spec.options.returnSequences {
            last = try gather(output, shape: [units], unsupported) { [shape[0] - 1, $0[0]] }
        } else {
            last = view(of: output, shape: [units])
        }
        return [output, last] + cell
    }

    /// A time-major recurrent layer: the model's leading axis is time, per-sample shape `[sequences, in]`. One step
    /// transposes the whole batch to `[sequences, T, in]` (reversed in time for `go_backwards`), runs the layer and
    /// transposes a returned sequence back to `[T, sequences, units]`; the last output `[sequences, units]` has
    /// `sequences` as its batch axis.
    private mutating func addTimeMajorRecurrent(
        _ spec: RecurrentSpec, input: Int, unsupported: (String) -> PlanUnsupported
    ) throws -> Int {
        let shape = values[input].shape
        guard shape.count == 2, values[input].fixedBatch == nil else { throw unsupported("input rank") }
        let (sequences, inputSize) = (shape[0], shape[1])
        var inner = spec
        inner.options.timeMajor = false
        inner.options.goBackwards = false
        // Built on a one-step sequence: each kernel's scratch grows at most linearly with the steps.
        var probe = PlanBuilder()
        let probeInput = try probe.addInput([nil, 1, inputSize], readers: 1)
        _ = try probe.addRecurrent(inner, input: probeInput, unsupported: unsupported)
        guard let kernelStep = probe.steps.first, probe.steps.count == 1 else { throw unsupported("recurrent kernel") }
        let kernel: TimeMajorRecurrentStep.Kernel
        let units: Int
        switch kernelStep.kernel {
        case .lstm(let step): (kernel, units) = (.lstm(step), step.units)
        case .gru(let step): (kernel, units) = (.gru(step), step.units)
        case .simpleRNN(let step): (kernel, units) = (.simpleRNN(step), step.units)
        default: throw unsupported("recurrent kernel")
        }
        let step = TimeMajorRecurrentStep(
            kernel: kernel, sequences: sequences, inputSize: inputSize, units: units,
            returnSequences: spec.options.returnSequences, goBackwards: spec.options.goBackwards,
            kernelScratchPerStep: probe.largestScratch)
        if spec.options.returnSequences {
            return append(.timeMajorRecurrent(step), inputs: [input], shape: [sequences, units],
                          scratch: step.scratchPerSample)
        }
        return append(.timeMajorRecurrent(step), inputs: [input], shape: [units], scratch: step.scratchPerSample,
                      fixedBatch: sequences)
    }

    /// An LSTM or GRU; `go_backwards` is the same layer on the time-reversed sequence (Keras returns the outputs in
    /// processing order).
    fileprivate mutating func addRecurrent(_ spec: RecurrentSpec, input: Int, states: [Int] = [],
                                           unsupported: (String) -> PlanUnsupported) throws -> Int {
        let units: Int, stateCount: Int
        switch spec {
        case .lstm(let lstm): (units, stateCount) = (lstm.units, 2)
        case .gru(let gru): (units, stateCount) = (gru.units, 1)
        case .simpleRNN(let rnn): (units, stateCount) = (rnn.units, 1)
        }
        guard states.isEmpty || states.count == stateCount, states.allSatisfy({ values[$0].shape == [units] }) else {
            throw unsupported("initial_state (needs \(stateCount) tensor(s) of [batch, \(units)])")
        }
        let source = spec.options.goBackwards ? try reversedInTime(input, unsupported) : input
        switch spec {
        case .lstm(let lstm): return try addLSTM(lstm, input: source, states: states, unsupported: unsupported)
        case .gru(let gru): return try addGRU(gru, input: source, states: states, unsupported: unsupported)
        case .simpleRNN(let rnn):
            let shape = values[source].shape
            guard shape.count == 2, shape[0] >= 1, rnn.kernel.shape == [shape[1], rnn.units] else {
                throw unsupported("input shape or weights")
            }
            try requirePlainRecurrence(rnn.activation, .linear, rnn.options, unsupported: unsupported)
            let step = SimpleRNNStep(
                inputSize: shape[1], units: rnn.units, steps: shape[0], returnSequences: rnn.options.returnSequences,
                kernel: rnn.kernel.values, recurrentKernel: rnn.recurrentKernel.values,
                bias: rnn.bias?.values ?? [Float](repeating: 0, count: rnn.units), activation: rnn.activation)
            return append(.simpleRNN(step), inputs: [source] + states,
                          shape: rnn.options.returnSequences ? [shape[0], rnn.units] : [rnn.units],
                          scratch: step.scratchPerSample)
        }
    }

    /// The per-sample axes of `input` reordered: output axis `i` is input axis `order[i]`.
    private mutating func permuted(_ input: Int, order: [Int], _ unsupported: (String) -> PlanUnsupported) throws -> Int {
        let shape = values[input].shape
        guard order.sorted() == Array(0..<shape.count) else { throw unsupported("axis order \(order)") }
        return try gather(input, shape: order.map { shape[$0] }, unsupported) { coordinates in
            var source = [Int](repeating: 0, count: shape.count)
            for (axis, from) in order.enumerated() { source[from] = coordinates[axis] }
            return source
        }
    }

    /// `[T, F] → [T, F]` with the time axis reversed.
    private mutating func reversedInTime(_ input: Int, _ unsupported: (String) -> PlanUnsupported) throws -> Int {
        let shape = values[input].shape
        guard shape.count == 2 else { throw unsupported("input rank") }
        return try gather(input, shape: shape, unsupported) { [shape[0] - 1 - $0[0], $0[1]] }
    }

    private mutating func addLSTM(_ spec: LSTMSpec, input: Int, states: [Int], unsupported: (String) -> PlanUnsupported)
        throws -> Int {
        let shape = values[input].shape
        guard shape.count == 2 else { throw unsupported("input rank") }
        try requirePlainRecurrence(spec.activation, spec.recurrentActivation, spec.options, unsupported: unsupported)
        let (steps, inputSize, units) = (shape[0], shape[1], spec.units)
        guard steps >= 1, spec.kernel.shape == [inputSize, 4 * units] else { throw unsupported("weights") }
        let step = LSTMStep(
            inputSize: inputSize, units: units, steps: steps, returnSequences: spec.options.returnSequences,
            kernel: spec.kernel.values, recurrentKernel: spec.recurrentKernel.values,
            bias: spec.bias?.values ?? [Float](repeating: 0, count: 4 * units),
            activation: spec.activation, recurrentActivation: spec.recurrentActivation, variant: nil)
        return append(.lstm(step), inputs: [input] + states, shape: spec.options.returnSequences ? [steps, units] : [units],
                      scratch: step.scratchPerSample)
    }

    private mutating func addGRU(_ spec: GRUSpec, input: Int, states: [Int], unsupported: (String) -> PlanUnsupported)
        throws -> Int {
        let shape = values[input].shape
        guard shape.count == 2 else { throw unsupported("input rank") }
        try requirePlainRecurrence(spec.activation, spec.recurrentActivation, spec.options, unsupported: unsupported)
        let (steps, inputSize, units) = (shape[0], shape[1], spec.units)
        guard steps >= 1, spec.kernel.shape == [inputSize, 3 * units] else { throw unsupported("weights") }
        let zeros = [Float](repeating: 0, count: 3 * units)
        let bias = spec.bias?.values ?? []
        let returnSequences = spec.options.returnSequences
        let step = GRUStep(
            inputSize: inputSize, units: units, steps: steps, returnSequences: returnSequences,
            resetAfter: spec.resetAfter, activation: spec.activation, recurrentActivation: spec.recurrentActivation,
            kernel: spec.kernel.values, recurrentKernel: spec.recurrentKernel.values,
            inputBias: bias.isEmpty ? zeros : Array(bias[0..<(3 * units)]),
            recurrentBias: !bias.isEmpty && spec.resetAfter ? Array(bias[(3 * units)...]) : zeros)
        return append(.gru(step), inputs: [input] + states, shape: returnSequences ? [steps, units] : [units],
                      scratch: step.scratchPerSample)
    }

    /// Batch-major, no state returned (the caller has reversed the input for go_backwards and adds the states), and
    /// activations that act element by element (softmax does not).
    private func requirePlainRecurrence(
        _ activation: Activation, _ recurrentActivation: Activation, _ options: RecurrentOptions,
        unsupported: (String) -> PlanUnsupported
    ) throws {
        func elementwise(_ activation: Activation) -> Bool {
            if case .softmax = activation { return false }
            return true
        }
        guard elementwise(activation), elementwise(recurrentActivation), !options.returnState, !options.timeMajor
        else { throw unsupported("activation, return_state or time_major") }
    }

    // MARK: - Values and steps

    /// Appends a gather writing a value of per-sample `shape`: output coordinates map to input coordinates through
    /// `source` (nil: zero).
    private mutating func gather(
        _ input: Int, shape: [Int], _ unsupported: (String) -> PlanUnsupported, source: ([Int]) -> [Int]?
    ) throws -> Int {
        let inputShape = values[input].shape
        let count = shape.reduce(1, *)
        guard count >= 1, count <= 1 << 24 else { throw unsupported("output size") }
        var strides = [Int](repeating: 1, count: inputShape.count)
        for axis in stride(from: inputShape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * inputShape[axis + 1] }
        var sources = [Int](repeating: -1, count: count)
        var coordinates = [Int](repeating: 0, count: shape.count)
        for index in 0..<count {
            if let from = source(coordinates) {
                sources[index] = zip(from, strides).reduce(0) { $0 + $1.0 * $1.1 }
            }
            var axis = shape.count - 1
            while axis >= 0 {
                coordinates[axis] += 1
                if coordinates[axis] < shape[axis] { break }
                coordinates[axis] = 0
                axis -= 1
            }
        }
        return append(.gather(GatherStep(inputPerSample: inputShape.reduce(1, *), sources: sources)), inputs: [input],
                      shape: shape, scratch: 0)
    }

    /// PReLU's alpha broadcast over the per-sample `shape` (size 1 on the shared axes).
    private static func expandedAlpha(_ spec: PReLUSpec, shape: [Int], _ unsupported: (String) -> PlanUnsupported)
        throws -> [Float] {
        let alphaShape = shape.indices.map { spec.sharedAxes.contains($0 + 1) ? 1 : shape[$0] }
        guard spec.alpha.values.count == alphaShape.reduce(1, *) else { throw unsupported("alpha shape") }
        var strides = [Int](repeating: 0, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = alphaShape[axis] == 1 ? 0 : step
            step *= alphaShape[axis]
        }
        let count = shape.reduce(1, *)
        var alpha = [Float](repeating: 0, count: count)
        var coordinates = [Int](repeating: 0, count: shape.count)
        for index in 0..<count {
            alpha[index] = spec.alpha.values[zip(coordinates, strides).reduce(0) { $0 + $1.0 * $1.1 }]
            var axis = shape.count - 1
            while axis >= 0 {
                coordinates[axis] += 1
                if coordinates[axis] < shape[axis] { break }
                coordinates[axis] = 0
                axis -= 1
            }
        }
        return alpha
    }

    /// A value sharing `source`'s floats with another per-sample shape.
    private mutating func view(of source: Int, shape: [Int]) -> Int {
        values.append(Value(shape: shape, storage: values[source].storage, readers: 0,
                            fixedBatch: values[source].fixedBatch))
        return values.count - 1
    }

    /// Fuses into the epilogue of the step that wrote `input` when `input` has no other reader and `merge` accepts
    /// (the result is then a view of that step's output); else appends an element-wise step.
    private mutating func fuse(_ input: Int, into merge: (inout Epilogue) -> Bool, otherwise fallback: Epilogue) throws -> Int {
        if values[input].readers == 1, let index = producer[input] {
            var kernel = steps[index].kernel
            var merged = false
            switch kernel {
            case .conv1D(var conv):
                merged = merge(&conv.epilogue)
                kernel = .conv1D(conv)
            case .dense(var dense):
                merged = merge(&dense.epilogue)
                kernel = .dense(dense)
            case .elementwise(var epilogue, let rows, let channels):
                merged = merge(&epilogue)
                kernel = .elementwise(epilogue, rowsPerSample: rows, channels: channels)
            case .directConv1D(var conv):
                merged = merge(&conv.epilogue)
                kernel = .directConv1D(conv)
            case .lstm, .gru, .simpleRNN, .maxPool1D, .concatenate, .merge, .globalPool, .pool1D, .layerNorm, .gather,
                 .prelu, .softmax, .timeMajorRecurrent, .timeDistributed:
                break
            }
            if merged {
                steps[index].kernel = kernel
                let output = view(of: input, shape: values[input].shape)
                producer[output] = index
                return output
            }
        }
        let shape = values[input].shape
        guard let channels = shape.last else { throw PlanUnsupported(description: "element-wise layer on a scalar") }
        return append(.elementwise(fallback, rowsPerSample: shape.dropLast().reduce(1, *), channels: channels),
                      inputs: [input], shape: shape, scratch: 0)
    }

    /// Appends a step writing a new value of per-sample shape `shape` into new arena storage.
    /// The step runs on the batch of its first input; its output has that batch too unless `fixedBatch` is given.
    /// A value with a fixed batch `n` takes `n` times its per-sample floats (the model's batch is at least 1).
    private mutating func append(_ kernel: PlanStep, inputs: [Int], shape: [Int], scratch: Int,
                                 fixedBatch: Int? = nil) -> Int {
        let stepBatch = inputs.first.flatMap { values[$0].fixedBatch }
        let outputBatch = fixedBatch ?? stepBatch
        storages.append(Storage(floats: shape.reduce(1, *) * (outputBatch ?? 1), input: nil, writer: steps.count))
        values.append(Value(shape: shape, storage: storages.count - 1, readers: 0, fixedBatch: outputBatch))
        let output = values.count - 1
        producer[output] = steps.count
        steps.append(ExecutionPlan.Step(kernel: kernel, inputs: inputs, output: output, fixedBatch: stepBatch))
        largestScratch = max(largestScratch, scratch * (stepBatch ?? 1))
        return output
    }

    /// Assigns each arena storage an offset (floats per sample) so that storages alive at the same time do not
    /// overlap: a storage lives from the step that writes it to the last step that reads it (model outputs: to
    /// the end). Returns the location of every value and the arena floats per sample the values need.
    func layout() -> ([ExecutionPlan.Location], Int) {
        var lastUse = storages.map(\.writer)
        for (index, step) in steps.enumerated() {
            for input in step.inputs { lastUse[values[input].storage] = max(lastUse[values[input].storage], index) }
        }
        for value in outputValues { lastUse[values[value].storage] = steps.count }
        var offsets = [Int](repeating: 0, count: storages.count)
        var placed: [(offset: Int, floats: Int, last: Int)] = []
        var total = 0
        // Storages are created in step order, so each one starts no earlier than those placed before it.
        for (index, storage) in storages.enumerated() where storage.input == nil {
            let live = placed.filter { $0.last >= storage.writer }.sorted { $0.offset < $1.offset }
            var offset = 0
            for block in live {
                if offset + storage.floats <= block.offset { break }
                offset = max(offset, block.offset + block.floats)
            }
            offsets[index] = offset
            placed.append((offset, storage.floats, lastUse[index]))
            total = max(total, offset + storage.floats)
        }
        let locations = values.map { value -> ExecutionPlan.Location in
            let storage = storages[value.storage]
            if let input = storage.input { return .input(input) }
            return .arena(offset: offsets[value.storage])
        }
        return (locations, total)
    }
}
