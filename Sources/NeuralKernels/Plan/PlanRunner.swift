import Foundation

/// Runs a plan with pooled arenas, splitting large batches in two halves: the caller runs one, the process-wide
/// `BatchHelper` thread the other (BLAS itself stays at one thread). Nothing is allocated per call.
final class PlanRunner: Sendable {
    let plan: ExecutionPlan
    private let arenas = ArenaPool()

    init(plan: ExecutionPlan) { self.plan = plan }

    /// `inputs[i]`: `batch · plan.inputCounts[i]` floats; `outputs[j]`: `plan.outputBatch(j, batch:) ·
    /// plan.outputCounts[j]` floats. `threads` ≥ 2 splits batches of two or more samples when the plan allows it and
    /// the helper is free (else runs them whole).
    func run(batch: Int, inputs: UnsafePointer<UnsafePointer<Float>>, outputs: UnsafePointer<UnsafeMutablePointer<Float>>,
             threads: Int) {
        let half = batch / 2
        guard threads >= 2, half >= 1, plan.splittable, BatchHelper.shared.acquire() else {
            runSlice(batch: batch, inputs: inputs, outputs: outputs)
            return
        }
        let inputCount = plan.inputShapes.count, outputCount = plan.outputShapes.count
        // The second half's pointers live on this stack frame until `finish` returns.
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: inputCount) { secondInputs in
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<Float>.self, capacity: outputCount) { secondOutputs in
                for index in 0..<inputCount {
                    secondInputs.initializeElement(at: index, to: inputs[index] + half * plan.inputCounts[index])
                }
                // (Only splittable plans get here: every output has the model's batch.)
                for index in 0..<outputCount {
                    secondOutputs.initializeElement(at: index, to: outputs[index] + half * plan.outputCounts[index])
                }
                guard let inputBase = secondInputs.baseAddress, let outputBase = secondOutputs.baseAddress else {
                    BatchHelper.shared.release()
                    runSlice(batch: batch, inputs: inputs, outputs: outputs)
                    return
                }
                // Both arenas are borrowed here, so that a split forward always holds exactly two and the pool
                // settles at two (were the helper to borrow its own, it could reuse the caller's or not, by timing).
                arenas.withArena(floats: plan.arenaFloats(batch: batch - half)) { helperArena in
                    BatchHelper.shared.start(runner: self, batch: batch - half, inputs: UnsafePointer(inputBase),
                                             outputs: UnsafePointer(outputBase), arena: helperArena)
                    runSlice(batch: half, inputs: inputs, outputs: outputs)
                    BatchHelper.shared.finish()
                }
            }
        }
    }

    func runSlice(batch: Int, inputs: UnsafePointer<UnsafePointer<Float>>,
                  outputs: UnsafePointer<UnsafeMutablePointer<Float>>) {
        arenas.withArena(floats: plan.arenaFloats(batch: batch)) { arena in
            plan.run(batch: batch, inputs: inputs, outputs: outputs, arena: arena)
        }
    }
}

/// One parked thread that runs the second half of split batches, woken by semaphores: unlike
/// `DispatchQueue.concurrentPerform`, which allocates on every call, a split forward then allocates nothing.
/// One caller owns it at a time; others run their batch whole meanwhile.
final class BatchHelper: @unchecked Sendable {
    static let shared = BatchHelper()

    /// A slice of work; `runner` is held only while the slice runs.
    private struct Job {
        var runner: PlanRunner
        var batch: Int
        var inputs: UnsafePointer<UnsafePointer<Float>>
        var outputs: UnsafePointer<UnsafeMutablePointer<Float>>
        var arena: UnsafeMutablePointer<Float>
    }

    private let ownership = NSLock()
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    /// Written by the owner before `wake`, read by the helper after it; the semaphores order the accesses.
    private var job: Job?
    private var thread: Thread?

    /// Takes the helper for one forward; false when another caller has it.
    func acquire() -> Bool { ownership.try() }

    /// Hands the helper its slice (the owner only).
    func start(runner: PlanRunner, batch: Int, inputs: UnsafePointer<UnsafePointer<Float>>,
               outputs: UnsafePointer<UnsafeMutablePointer<Float>>, arena: UnsafeMutablePointer<Float>) {
        job = Job(runner: runner, batch: batch, inputs: inputs, outputs: outputs, arena: arena)
        if thread == nil {
            let thread = Thread { [unowned self] in self.serve() }
            thread.name = "NeuralKernels batch helper"
            thread.start()
            self.thread = thread
        }
        wake.signal()
    }

    /// Releases the helper without running anything on it (the owner only).
    func release() {
        ownership.unlock()
    }

    /// Waits for the helper's slice and releases it (the owner only).
    func finish() {
        finished.wait()
        job = nil
        ownership.unlock()
    }

    private func serve() {
        while true {
            wake.wait()
            if let job {
                job.runner.plan.run(batch: job.batch, inputs: job.inputs, outputs: job.outputs, arena: job.arena)
            }
            finished.signal()
        }
    }
}
