/// Time steps removed at both ends: `[batch, length, features] → [batch, length − start − end, features]`.
public struct Cropping1DSpec: Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int = 1, end: Int = 1) throws {
        try SpecCheck.size(start, "Cropping1D", "cropping", atLeast: 0)
        try SpecCheck.size(end, "Cropping1D", "cropping", atLeast: 0)
        self.start = start
        self.end = end
    }
}
