/// Helpers for layers that move whole time steps of `[batch, length, features]` tensors.
enum TimeAxis {
    /// Builds `[batch, outLength, features]` where output step `t` is input step `source(t)`, or zeros when nil.
    static func gather(_ input: Tensor, outLength: Int, source: (Int) -> Int?) throws -> Tensor {
        let (batch, length, features) = (input.shape[0], input.shape[1], input.shape[2])
        let count = try Tensor.checkedElementCount([batch, outLength, features], context: "time-axis output")
        var output = [Float](repeating: 0, count: count)
        input.values.withBase { x in
            output.withMutableBase { y in
                for step in 0..<outLength {
                    guard let from = source(step), from >= 0, from < length else { continue }
                    for sample in 0..<batch {
                        (y + (sample * outLength + step) * features)
                            .update(from: x + (sample * length + from) * features, count: features)
                    }
                }
            }
        }
        return Tensor(uncheckedShape: [batch, outLength, features], values: output)
    }

    /// Reverses the time axis of `[batch, length, features]`.
    static func reversed(_ input: Tensor) throws -> Tensor {
        let length = input.shape[1]
        return try gather(input, outLength: length) { length - 1 - $0 }
    }

}
