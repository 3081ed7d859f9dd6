/// How a recurrent layer walks its sequence and what it returns.
///
/// Input `[batch, steps, in]` (`[steps, batch, in]` with `timeMajor`: transposed in, and the sequence output
/// transposed back). Output `[batch, steps, units]` with `returnSequences` (in processing order, so reversed with
/// `goBackwards`) or `[batch, units]`, then the final states when `returnState`.
public struct RecurrentOptions: Sendable, Equatable {
    public var returnSequences: Bool
    public var returnState: Bool
    public var goBackwards: Bool
    public var timeMajor: Bool

    public init(returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                timeMajor: Bool = false) {
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.timeMajor = timeMajor
    }
}
