/// A recurrent layer run forwards and a second one backwards over the same sequence. With `returnSequences` the
/// backward output is flipped back in time before merging; `merge` nil gives the two outputs separately. With
/// `returnState` the forward states then the backward states follow the output(s).
public struct BidirectionalSpec: Sendable {
    public enum Merge: String, Sendable { case concat, sum, ave, mul }

    public var forward: RecurrentSpec
    /// Reads the sequence reversed (its `goBackwards` is the opposite of the forward layer's in Keras files).
    public var backward: RecurrentSpec
    public var merge: Merge?

    public init(forward: RecurrentSpec, backward: RecurrentSpec, merge: Merge? = .concat) throws {
        let (a, b) = (forward.options, backward.options)
        guard a.returnSequences == b.returnSequences, a.returnState == b.returnState else {
            throw SpecCheck.fail("Bidirectional", "backward_layer",
                                 "must match the forward layer's return_sequences and return_state")
        }
        // A time-major wrapped layer would need the merge along axis 0; Keras files do not carry one in practice.
        guard !a.timeMajor, !b.timeMajor else {
            throw NeuralKernelsError.unsupportedOption(layer: "", className: "Bidirectional", option: "time_major", value: "true")
        }
        self.forward = forward
        self.backward = backward
        self.merge = merge
    }
}
