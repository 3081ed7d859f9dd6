/// Each time step repeated `size` times: `[batch, length, features] → [batch, length·size, features]`.
public struct UpSampling1DSpec: Sendable {
    public var size: Int

    public init(size: Int = 2) throws {
        try SpecCheck.size(size, "UpSampling1D", "size")
        self.size = size
    }
}
