/// How a planned Dense layer or an LSTM's input projection computes its product with a constant right-hand side
/// (`[rows, in] × [in, n]`, the weights).
enum MatrixProduct: Hashable, Sendable, CustomStringConvertible {
    /// OpenBLAS `sgemm` on the weights as stored (bias added by a separate copy or pass).
    case blas
    /// `nk_gemm_bias` at this instruction-set level against the weights packed once at load into 32-column panels
    /// (`PackedMatrix`); the sums start at the bias, so the bias costs no pass of its own.
    case packed(SIMDLevel)

    var description: String {
        switch self {
        case .blas: "BLAS GEMM"
        case let .packed(level): "packed GEMM \(level)"
        }
    }

    /// The variants a sweep times here: OpenBLAS and the packed GEMM at every level this machine runs.
    static var supported: [MatrixProduct] { [.blas] + SIMDLevel.supported.map { .packed($0) } }
}
