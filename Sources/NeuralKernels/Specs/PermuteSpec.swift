/// Reorders the non-batch axes: `dims` is a 1-based permutation (output axis `i` is input axis `dims[i − 1]`).
public struct PermuteSpec: Sendable {
    public var dims: [Int]

    public init(dims: [Int]) throws {
        guard !dims.isEmpty, dims.sorted() == Array(1...dims.count) else {
            throw SpecCheck.fail("Permute", "dims", "\(dims) is not a permutation of 1…\(dims.count)")
        }
        self.dims = dims
    }
}
