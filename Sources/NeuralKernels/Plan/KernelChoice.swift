/// Which kernel variant the planner runs per shape, from `ecg bench kernels` sweeps on this kind of machine
/// (2-core AMD EPYC, OpenBLAS 0.3.21; tables in docs/PERFORMANCE.md, "Kernel tuning").
enum KernelChoice {
    /// Per-tap GEMMs have an inner dimension of only `inputChannels`; below 8 channels one im2col GEMM with
    /// `k · inputChannels` is faster (the first layer on a single-lead signal). Direct loops never won.
    /// With AVX-512 the packed GEMM (one product, no copies) matched or beat OpenBLAS's per-tap GEMMs (Haswell
    /// kernels) on every Conv1D shape of the bundled and reference models, by the most on single-channel inputs.
    /// Its AVX2 build ran slower than OpenBLAS's AVX2 GEMM, so without AVX-512 OpenBLAS stays.
    static func conv1D(kernelSize: Int, inputChannels: Int, outputChannels: Int) -> Conv1DVariant {
        if SIMDLevel.best == .avx512 { return .packedGEMM }
        return inputChannels < 8 ? .im2colGEMM : .perTapGEMM
    }

    /// The hoisted input GEMM is one large product but keeps `[B, T, 4u]` pre-activations live; once that passes
    /// about 1 MiB (the L2 cache) the per-step schedule with its `[B, 4u]` working set is faster.
    static func lstm(batch: Int, steps: Int, units: Int) -> LSTMVariant {
        batch * steps * 4 * units * MemoryLayout<Float>.size <= 1 << 20 ? .hoistedInput : .perStep
    }

    /// Up to this many samples the per-step recurrent product runs as one GEMV per sample: OpenBLAS's GEMM path
    /// packs the recurrent matrix on every call, which costs more than the product at these sizes.
    static let largestGEMVBatch = 4

    /// The packed recurrent kernel with its fused gate epilogue (`RecurrentProduct.packed`) or OpenBLAS, by the best
    /// instruction-set level here and the batch (per worker: a split batch counts each half). `ecg bench kernels`
    /// on the LSTM shapes of the bundled and reference models (16–90 steps, 32 and 64 units): with AVX-512 the
    /// packed kernel, which runs 4 samples per pass over U, beat OpenBLAS's GEMV / per-step GEMM (Haswell or
    /// Cooperlake kernels) up to 32 samples; with AVX2, where it runs one sample per pass, up to 8; the portable
    /// level (baseline SSE, as Swift's own SIMD code compiles) did not beat OpenBLAS's GEMV, so it is never chosen.
    static func recurrentProduct(batch: Int, units: Int) -> RecurrentProduct {
        switch SIMDLevel.best {
        case .avx512: batch <= 32 ? .packed(.avx512) : .blas
        case .avx2: batch <= 8 ? .packed(.avx2) : .blas
        case .portable: .blas
        }
    }

    /// A Dense layer's product or an LSTM's input projection (`[rows, depth] × [depth, columns]`, constant weights):
    /// the packed GEMM (`nk_gemm_epilogue`) with AVX-512, OpenBLAS otherwise. `ecg bench kernels` on the Dense and
    /// LSTM shapes of the bundled and reference models at batch 1, 8 and 32 (one thread, OpenBLAS with its Haswell
    /// kernels; both products are listed) measured the AVX-512 build ahead of OpenBLAS or level with it on every
    /// shape but the 5-unit output layer at batch 32 (5 of a panel's 32 columns used, a fraction of a microsecond).
    /// The AVX2 build ran the LSTM input projections well behind OpenBLAS, so without AVX-512 OpenBLAS stays.
    static func matrixProduct(depth: Int, columns: Int) -> MatrixProduct {
        SIMDLevel.best == .avx512 ? .packed(.avx512) : .blas
    }
}
