/// The elementwise merges of the planned path.
enum PlannedMerge {
    /// `output = input(0) ∘ input(1) ∘ …` over `count` floats (Average divides the sum by the input count).
    static func run(_ kind: MergeSpec.Kind, inputs: Int, count: Int, output: UnsafeMutablePointer<Float>,
                    input: (Int) -> UnsafePointer<Float>) {
        let first = input(0)
        if UnsafePointer(output) != first { output.update(from: first, count: count) }
        for index in 1..<inputs {
            let x = input(index)
            switch kind {
            case .add, .average: for i in 0..<count { output[i] += x[i] }
            case .subtract: for i in 0..<count { output[i] -= x[i] }
            case .multiply: for i in 0..<count { output[i] *= x[i] }
            case .maximum: for i in 0..<count { output[i] = max(output[i], x[i]) }
            case .minimum: for i in 0..<count { output[i] = min(output[i], x[i]) }
            }
        }
        if kind == .average {
            let scale = 1 / Float(inputs)
            for i in 0..<count { output[i] *= scale }
        }
    }
}
