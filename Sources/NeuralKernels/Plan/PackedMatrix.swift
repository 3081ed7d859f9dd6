import _NeuralKernelsSIMD

/// A constant right-hand side B `[depth, columns]` (row-major, e.g. a Dense kernel `[in, units]`) packed once into
/// `nk_gemm_pack`'s panels of 32 columns (`depth · ⌈columns / 32⌉ · 32` floats, zero past the last column), and the
/// product C `[rows, columns]` = A `[rows, depth]` · B (+ bias) against it.
struct PackedMatrix: Sendable {
    let depth: Int, columns: Int
    let values: [Float]

    init(packing matrix: [Float], depth: Int, columns: Int) {
        precondition(matrix.count == depth * columns, "matrix is not [depth, columns]")
        (self.depth, self.columns) = (depth, columns)
        let count = nk_gemm_packed_count(Int32(depth), Int32(columns))
        values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            matrix.withUnsafeBufferPointer { matrix in
                if let source = matrix.baseAddress, let target = buffer.baseAddress, count > 0 {
                    nk_gemm_pack(source, Int32(depth), Int32(columns), columns, target)
                }
            }
            initialized = count
        }
    }

    /// C = A · B + bias (every row; `bias` `[columns]` or nil for none). A's row stride `lda` may exceed `depth`
    /// (one time step of `[B, T, in]`); C's is `ldc`.
    func multiply(level: SIMDLevel, rows: Int, a: UnsafePointer<Float>, lda: Int, bias: UnsafePointer<Float>?,
                  c: UnsafeMutablePointer<Float>, ldc: Int) {
        var epilogue = NKEpilogue(bias: bias, scale: nil, shift: nil, reluBeforeAffine: 0, reluAfterAffine: 0)
        withUnsafePointer(to: &epilogue) { multiply(level: level, rows: rows, a: a, lda: lda, epilogue: $0, c: c, ldc: ldc) }
    }

    /// C = epilogue(A · B): bias, ReLU and the affine of `NKEpilogue` applied in registers before the store.
    func multiply(level: SIMDLevel, rows: Int, a: UnsafePointer<Float>, lda: Int,
                  epilogue: UnsafePointer<NKEpilogue>?, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard rows > 0, columns > 0 else { return }
        values.withUnsafeBufferPointer { packed in
            guard let packed = packed.baseAddress else { return }
            nk_gemm_epilogue(level.cLevel, Int32(rows), Int32(columns), Int32(depth), a, lda, packed, epilogue, c, ldc)
        }
    }
}
