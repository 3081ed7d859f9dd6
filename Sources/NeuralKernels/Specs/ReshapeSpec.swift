/// Reshape of the non-batch axes: `[batch, …] → [batch, targetShape…]`; one target size may be -1 (inferred).
public struct ReshapeSpec: Sendable {
    public var targetShape: [Int]

    public init(targetShape: [Int]) throws {
        guard targetShape.allSatisfy({ $0 >= 1 || $0 == -1 }), targetShape.filter({ $0 == -1 }).count <= 1 else {
            throw SpecCheck.fail("Reshape", "target_shape", "\(targetShape) must hold positive sizes and at most one -1")
        }
        for size in targetShape where size != -1 { try SpecCheck.size(size, "Reshape", "target_shape") }
        self.targetShape = targetShape
    }
}
