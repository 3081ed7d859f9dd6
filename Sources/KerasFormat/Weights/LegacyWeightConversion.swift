/// Converts weights stored in a legacy layout (Keras 1, CuDNN layers) to the canonical Keras 2/3 layout.
struct LegacyWeightConversion {
    let backend: String?
    /// Set once any layer's weights were converted.
    private(set) var convertedAny = false

    init(backend: String?) {
        self.backend = backend
    }

    /// Canonical weights for a layer of canonical class `className` from the arrays as stored.
    mutating func convert(_ stored: [KerasWeight], layer: String, className: String, config: JSONValue) throws -> [KerasWeight] {
        switch className {
        case "Conv1D":
            return try convertConv1D(stored, layer: layer)
        case "LSTM":
            if stored.count == 12 { return try keras1Recurrent(stored, layer: layer, className: className, gateOrder: [0, 2, 1, 3]) }
            if stored.count == 3, isCuDNNBias(stored, gates: 4) { return try cuDNN(stored, layer: layer, className: className, gates: 4) }
        case "GRU":
            if stored.count == 9 { return try keras1Recurrent(stored, layer: layer, className: className, gateOrder: [0, 1, 2]) }
            if stored.count == 3, isCuDNNBias(stored, gates: 3) { return try cuDNN(stored, layer: layer, className: className, gates: 3) }
        case "Bidirectional":
            guard let inner = KerasLayerCatalog.wrappedLayer(config), stored.count % 2 == 0 else { return stored }
            let half = stored.count / 2
            let backwardLayer = config["backward_layer"].flatMap { layer -> (String, JSONValue)? in
                guard let name = layer["class_name"]?.stringValue, let inner = layer["config"] else { return nil }
                return (name, inner)
            } ?? (inner.className, inner.config)
            let forward = try convert(Array(stored[..<half]), layer: layer, className: inner.className, config: inner.config)
            let backward = try convert(Array(stored[half...]), layer: layer, className: backwardLayer.0, config: backwardLayer.1)
            return forward + backward
        case "TimeDistributed":
            guard let inner = KerasLayerCatalog.wrappedLayer(config) else { return stored }
            return try convert(stored, layer: layer, className: inner.className, config: inner.config)
        default:
            break
        }
        return stored
    }

    // MARK: - Conv1D

    /// Keras 1 stored Conv1D kernels as (k, 1, in, filters); Theano-trained kernels are also flipped in time.
    private mutating func convertConv1D(_ stored: [KerasWeight], layer: String) throws -> [KerasWeight] {
        guard var kernel = stored.first else { return stored }
        var changed = false
        if kernel.shape.count == 4 {
            guard kernel.shape[1] == 1 else {
                throw KerasFormatError.invalidWeightShape(
                    layer: layer, className: "Conv1D", weight: kernel.name, shape: kernel.shape,
                    reason: "is not a Keras 1 Conv1D kernel (k, 1, in, filters)")
            }
            kernel = KerasWeight(validatedName: kernel.name, shape: [kernel.shape[0], kernel.shape[2], kernel.shape[3]], values: kernel.values)
            changed = true
        }
        if backend == "theano", kernel.shape.count == 3 {
            let taps = kernel.shape[0]
            let step = kernel.shape[1] * kernel.shape[2]
            var flipped = kernel.values
            for tap in 0..<taps {
                let source = (taps - 1 - tap) * step
                flipped.replaceSubrange(tap * step..<(tap + 1) * step, with: kernel.values[source..<source + step])
            }
            kernel = KerasWeight(validatedName: kernel.name, shape: kernel.shape, values: flipped)
            changed = true
        }
        guard changed else { return stored }
        convertedAny = true
        return [kernel] + stored.dropFirst()
    }

    // MARK: - Keras 1 recurrent layers

    /// Keras 1 kept one (W, U, b) triple per gate: LSTM in order i, c, f, o; GRU z, r, h. Canonical weights
    /// concatenate the gates (LSTM order i, f, c, o). `gateOrder[k]` is the stored triple of canonical gate k.
    private mutating func keras1Recurrent(
        _ stored: [KerasWeight], layer: String, className: String, gateOrder: [Int]
    ) throws -> [KerasWeight] {
        let triples = gateOrder.map { Array(stored[($0 * 3)..<($0 * 3 + 3)]) }
        guard let kernel = WeightArrays.concatenateColumns(triples.map { $0[0] }, name: "kernel"),
              let recurrent = WeightArrays.concatenateColumns(triples.map { $0[1] }, name: "recurrent_kernel"),
              let bias = WeightArrays.concatenateVectors(triples.map { $0[2] }, name: "bias"),
              let units = recurrent.matrixSize?.rows,
              recurrent.shape == [units, units * gateOrder.count], kernel.shape[1] == units * gateOrder.count,
              bias.shape == [units * gateOrder.count]
        else {
            throw KerasFormatError.invalidWeightShape(
                layer: layer, className: className, weight: stored[0].name, shape: stored[0].shape,
                reason: "and its sibling gate arrays do not form a Keras 1 \(className) (W, U, b per gate)")
        }
        convertedAny = true
        return [kernel, recurrent, bias]
    }

    // MARK: - CuDNN layers

    /// CuDNNLSTM biases are (8u): input then recurrent biases; CuDNNGRU (6u) flat.
    private func isCuDNNBias(_ stored: [KerasWeight], gates: Int) -> Bool {
        guard let units = stored[1].matrixSize?.rows else { return false }
        return stored[2].shape == [2 * units * gates]
    }

    /// tf_keras `_convert_rnn_weights` (from CuDNN): each gate's input kernel is re-laid from Fortran to C order,
    /// each gate's recurrent kernel transposed; LSTM biases summed in halves, GRU biases reshaped to (2, 3u).
    private mutating func cuDNN(_ stored: [KerasWeight], layer: String, className: String, gates: Int) throws -> [KerasWeight] {
        let kernel = WeightArrays.transformGateBlocks(stored[0], gates: gates) { block, rows, width in
            // kernel.T.reshape(kernel.shape, order="F"): element (p, q) is the C-order element p + q·rows.
            var out = [Float](repeating: 0, count: rows * width)
            for p in 0..<rows {
                for q in 0..<width { out[p * width + q] = block[p + q * rows] }
            }
            return out
        }
        let recurrent = WeightArrays.transformGateBlocks(stored[1], gates: gates) { block, rows, width in
            var out = [Float](repeating: 0, count: rows * width)
            for p in 0..<rows {
                for q in 0..<width { out[p * width + q] = block[q * width + p] }
            }
            return out
        }
        guard let kernel, let recurrent, recurrent.shape[0] * gates == recurrent.shape[1] else {
            throw KerasFormatError.invalidWeightShape(
                layer: layer, className: className, weight: stored[1].name, shape: stored[1].shape,
                reason: "is not a CuDNN \(className) recurrent kernel (u, \(gates)u)")
        }
        let bias = stored[2].values
        let half = bias.count / 2
        let canonicalBias = gates == 4
            ? KerasWeight(validatedName: "bias", shape: [half], values: (0..<half).map { bias[$0] + bias[half + $0] })
            : KerasWeight(validatedName: "bias", shape: [2, half], values: bias)
        convertedAny = true
        return [
            KerasWeight(validatedName: "kernel", shape: kernel.shape, values: kernel.values),
            KerasWeight(validatedName: "recurrent_kernel", shape: recurrent.shape, values: recurrent.values),
            canonicalBias,
        ]
    }
}
