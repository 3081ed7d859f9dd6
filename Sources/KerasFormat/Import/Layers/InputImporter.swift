import NeuralKernels

/// Keras `InputLayer`: the batch shape it declares (`batch_input_shape` in Keras 1/2, `batch_shape` in Keras 3).
enum InputImporter {
    static func spec(_ config: KerasLayerConfig) throws -> LayerSpec {
        guard let shape = try config.optionalIntList("batch_input_shape") ?? config.optionalIntList("batch_shape"),
              !shape.isEmpty else {
            throw config.bad("batch_shape", "is missing: the input shape is unknown")
        }
        guard shape.allSatisfy({ ($0 ?? 1) >= 0 }) else { throw config.bad("batch_shape", "has a negative size") }
        return .input(shape: [nil] + shape.dropFirst())
    }
}
