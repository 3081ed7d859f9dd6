import CBLAS

/// Row-major single-precision C = A·B + beta·C through OpenBLAS (`lda`, `ldb`, `ldc` in elements).
@inline(__always)
func plannedGEMM(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), 1, a, blasint(lda),
                b, blasint(ldb), beta, c, blasint(ldc))
}

/// Row-major single-precision y = x·A + beta·y for one row vector x `[k]` and A `[k, n]` (leading dimension `lda`):
/// the m = 1 case of `plannedGEMM`, which OpenBLAS's GEMV kernels run without packing.
@inline(__always)
func plannedVectorTimesMatrix(n: Int, k: Int, x: UnsafePointer<Float>, a: UnsafePointer<Float>, lda: Int,
                              beta: Float, y: UnsafeMutablePointer<Float>) {
    cblas_sgemv(CblasRowMajor, CblasTrans, blasint(k), blasint(n), 1, a, blasint(lda), x, 1, beta, y, 1)
}
