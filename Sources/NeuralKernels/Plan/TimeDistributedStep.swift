/// TimeDistributed around a layer that does not act on the last axis alone (a Conv1D, a recurrent layer, …): the
/// wrapped layer's own plan, compiled for per-step samples `[…]`, runs on the `batch · steps` samples of
/// `[batch, steps, …]` (the time axis folded into the batch axis), `→ [batch, steps, …']`. Its arena is this step's
/// scratch.
struct TimeDistributedStep: Sendable {
    let plan: ExecutionPlan
    let steps: Int

    var scratchPerSample: Int { steps * (plan.valuesPerSample + plan.scratchPerSample) }

    func run(batch: Int, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
             scratch: UnsafeMutablePointer<Float>) {
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: 1) { inputs in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: 1) { outputs in
                inputs.initializeElement(at: 0, to: input)
                outputs.initializeElement(at: 0, to: output)
                plan.run(batch: batch &* steps, inputs: UnsafePointer(inputs.baseAddress!),
                         outputs: UnsafePointer(outputs.baseAddress!), arena: scratch)
            }
        }
    }
}
