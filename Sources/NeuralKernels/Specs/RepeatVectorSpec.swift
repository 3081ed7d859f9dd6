/// Repeats a vector along a new time axis: `[batch, features] → [batch, count, features]`.
public struct RepeatVectorSpec: Sendable {
    public var count: Int

    public init(count: Int) throws {
        try SpecCheck.size(count, "RepeatVector", "n", atLeast: 0)
        self.count = count
    }
}
