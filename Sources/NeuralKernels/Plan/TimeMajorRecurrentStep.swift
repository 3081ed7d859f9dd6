/// A recurrent layer with `time_major`: the model's batch axis is time. Per model sample (time step) the input is
/// `[sequences, in]`; over a call of `T` samples the step transposes `[T, sequences, in]` into batch-first
/// `[sequences, T, in]` (reversed in time for `go_backwards`), runs the batch-first kernel with `sequences` as its
/// batch and `T` as its steps, and writes `[T, sequences, units]` back (return_sequences, in processing order) or the
/// last output `[sequences, units]`.
///
/// Scratch (floats per time step): the transposed input `sequences · in`, the batch-first output
/// `sequences · units`, then the kernel's own scratch, which is at most `T` times its one-step size per sequence.
struct TimeMajorRecurrentStep: Sendable {
    /// The batch-first kernel (its `steps` is set per call).
    enum Kernel: Sendable {
        case lstm(LSTMStep)
        case gru(GRUStep)
        case simpleRNN(SimpleRNNStep)
    }

    let kernel: Kernel
    let sequences: Int, inputSize: Int, units: Int
    let returnSequences: Bool, goBackwards: Bool
    /// The kernel's scratch per sequence for a one-step sequence.
    let kernelScratchPerStep: Int

    var scratchPerSample: Int { sequences * (inputSize + units + kernelScratchPerStep) }

    /// Multiply-add FLOPs per time step (2 per MAC).
    var flopsPerStep: Int {
        let gates: Int
        switch kernel {
        case .lstm: gates = 4
        case .gru: gates = 3
        case .simpleRNN: gates = 1
        }
        return 2 * sequences * gates * units * (inputSize + units)
    }

    /// `input`: `[steps, sequences, in]`; `output`: `[steps, sequences, units]` or `[sequences, units]`.
    func run(steps: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>) {
        let x = scratch, y = scratch + sequences &* steps &* inputSize
        let kernelScratch = y + sequences &* steps &* units
        for t in 0..<steps {
            let row = goBackwards ? steps &- 1 &- t : t
            for sequence in 0..<sequences {
                (x + (sequence &* steps &+ row) &* inputSize)
                    .update(from: input + (t &* sequences &+ sequence) &* inputSize, count: inputSize)
            }
        }
        switch kernel {
        case .lstm(var lstm):
            lstm.steps = steps
            lstm.run(batch: sequences, input: x, output: y, scratch: kernelScratch)
        case .gru(var gru):
            gru.steps = steps
            gru.run(batch: sequences, input: x, output: y, scratch: kernelScratch)
        case .simpleRNN(var rnn):
            rnn.steps = steps
            rnn.run(batch: sequences, input: x, output: y, scratch: kernelScratch)
        }
        guard returnSequences else {
            output.update(from: y, count: sequences &* units)
            return
        }
        for t in 0..<steps {
            for sequence in 0..<sequences {
                (output + (t &* sequences &+ sequence) &* units)
                    .update(from: y + (sequence &* steps &+ t) &* units, count: units)
            }
        }
    }
}
