import CBLAS

/// Thin wrappers over OpenBLAS single-precision routines (row-major).
enum BLAS {
    /// C[m×n] = A[m×k] · B[k×n] + beta · C with leading dimensions `lda`, `ldb`, `ldc` (elements).
    /// Does nothing when a dimension is zero.
    @inline(__always)
    static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if beta != 1 {
                for row in 0..<m { for column in 0..<n { c[row * ldc + column] *= beta } }
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans,
            blasint(m), blasint(n), blasint(k),
            1, a, blasint(lda), b, blasint(ldb),
            beta, c, blasint(ldc))
    }
}

extension BLAS {
    /// `x · w + bias` for row-major `x` `[rows, k]`, `w` `[k, n]` and `bias` `[n]`; returns `[rows, n]`.
    static func affine(_ x: [Float], rows: Int, k: Int, kernel w: [Float], bias: [Float]) -> [Float] {
        let n = bias.count
        var output = [Float](tiling: bias, rows: rows)
        x.withBase { x in
            w.withBase { w in
                output.withMutableBase { y in
                    gemm(m: rows, n: n, k: k, a: x, lda: k, b: w, ldb: n, beta: 1, c: y, ldc: n)
                }
            }
        }
        return output
    }
}

extension Array where Element == Float {
    /// `rows` copies of `row` one after another (bias broadcast before a GEMM with beta = 1).
    init(tiling row: [Float], rows: Int) {
        self.init(unsafeUninitializedCapacity: row.count * rows) { buffer, initialized in
            row.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = buffer.baseAddress else { return }
                for index in 0..<rows { (to + index * row.count).update(from: from, count: row.count) }
            }
            initialized = row.count * rows
        }
    }
}

extension Array where Element == Float {
    /// Calls `body` with the first element's address; for an empty array, with the address of a placeholder
    /// that callers never read because every loop over the array has zero trips.
    @inline(__always)
    func withBase<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { return try body(base) }
            let placeholder = Float(0)
            return try withUnsafePointer(to: placeholder) { try body($0) }
        }
    }

    /// Mutable counterpart of `withBase`.
    @inline(__always)
    mutating func withMutableBase<R>(_ body: (UnsafeMutablePointer<Float>) throws -> R) rethrows -> R {
        try withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { return try body(base) }
            var placeholder = Float(0)
            return try withUnsafeMutablePointer(to: &placeholder) { try body($0) }
        }
    }
}
