/// The non-zero samples of a plane on every `stride`-th column, row by row (for ``ShearedProjection/rowProfile(_:tangent:)``).
/// Shapes: `columns` `[width / stride]` (the sampled x positions); `rows`, `columnIndices`, `values` `[non-zero samples]`.
struct SparseRows {
    let width: Int
    let height: Int
    let columns: [Int]
    private(set) var rows: [Int32] = []
    private(set) var columnIndices: [Int32] = []
    private(set) var values: [Float] = []

    init(_ plane: GrayPlane, stride: Int) {
        width = plane.width
        height = plane.height
        columns = Array(Swift.stride(from: 0, to: plane.width, by: max(1, stride)))
        plane.pixels.withUnsafeBufferPointer { px in
            for y in 0..<plane.height {
                let row = y * plane.width
                for (j, x) in columns.enumerated() where px[row &+ x] != 0 {
                    rows.append(Int32(y))
                    columnIndices.append(Int32(j))
                    values.append(Float(px[row &+ x]))
                }
            }
        }
    }
}
