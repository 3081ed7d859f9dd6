import CBLAS

/// The engine's one wrapper over OpenBLAS single-precision routines (row-major), used by the planned steps and the
/// reference layers alike.
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
    /// y = x·A + beta·y for one row vector x `[k]` and row-major A `[k, n]` (leading dimension `lda`): the m = 1 case
    /// of `gemm`, which OpenBLAS's GEMV kernels run without packing.
    @inline(__always)
    static func vectorTimesMatrix(n: Int, k: Int, x: UnsafePointer<Float>, a: UnsafePointer<Float>, lda: Int,
                                  beta: Float, y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, CblasTrans, blasint(k), blasint(n), 1, a, blasint(lda), x, 1, beta, y, 1)
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
