/// How a planned LSTM computes the recurrent product h_{t−1}·U (`[B, u] × [u, 4u]`) of every time step.
enum RecurrentProduct: Hashable, Sendable, CustomStringConvertible {
    /// OpenBLAS: one GEMV per sample up to `KernelChoice.largestGEMVBatch` samples, one GEMM per step beyond, then
    /// the gate epilogue as a second pass over the `[B, 4u]` pre-activations.
    case blas
    /// `nk_lstm_step` at this instruction-set level: U packed once at load into gate-interleaved panels of 16
    /// units (`nk_recurrent_pack`), one pass per sample and step that accumulates the panel's 4 × 16 gate sums in
    /// registers and applies the gate epilogue (σ, tanh, c and h update) to them before the next panel.
    case packed(SIMDLevel)

    var description: String {
        switch self {
        case .blas: "BLAS h·U"
        case let .packed(level): "packed h·U \(level)"
        }
    }
}
