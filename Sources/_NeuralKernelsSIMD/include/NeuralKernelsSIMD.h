#ifndef NEURAL_KERNELS_SIMD_H
#define NEURAL_KERNELS_SIMD_H

#include <stddef.h>

/// Instruction-set levels of the recurrent kernels. Each level is compiled into the library with its own
/// per-function target attribute, so the package itself builds for baseline x86-64 (or any other architecture,
/// where only the portable level exists) and picks a level at run time.
typedef enum {
    /// Plain C vector code for the baseline target (SSE2 on x86-64, NEON on arm64).
    NKSIMDLevelPortable = 0,
    /// AVX2 with FMA (x86-64 only).
    NKSIMDLevelAVX2 = 1,
    /// AVX-512F (x86-64 only).
    NKSIMDLevelAVX512 = 2,
} NKSIMDLevel;

/// The highest level this processor and operating system support (CPUID and XGETBV, checked once).
NKSIMDLevel nk_simd_best_level(void);

/// Units per panel of the packed recurrent kernel.
#define NK_RECURRENT_PANEL 16

/// Floats needed by `nk_recurrent_pack` for `units` units and `gates` gates:
/// ceil(units / 16) · units · gates · 16.
size_t nk_recurrent_packed_count(int units, int gates);

/// Packs a Keras recurrent kernel U `[units, gates · units]` (row k, column g · units + j) into gate-interleaved
/// panels: panel p holds units 16p ..< 16p + 16; within it, for every k, the 16 values of gate 0, then of gate 1, …
/// (`packed[((p · units + k) · gates + g) · 16 + l] = U[k, g · units + 16p + l]`, zero past the last unit).
/// One step then streams each panel once, front to back, with one broadcast of h[k] per k.
void nk_recurrent_pack(const float *recurrent, int units, int gates, float *packed);

/// One LSTM time step of `batch` samples with sigmoid gates and tanh activations (Keras gate order i, f, c, o).
/// Sample b: z = zx_b + h_b · U (zx_b = zx + b · ldz: x_t · W + bias, `[4u]`, gate-major; h_b = hPrevious + b · ldh),
/// then per panel, while its 4 × 16 sums are still in registers: i, f, o = σ(z), g = tanh(z),
/// c = f · c + i · g (cell + b · units), h = o · tanh(c) (written to hOut + b · ldo). With AVX-512 samples go through
/// a panel 4 at a time, sharing each load of U; the other levels, with 16 vector registers, take one at a time.
/// `hPrevious` NULL means h₀ = 0; `hOut` must not overlap `hPrevious`. σ and tanh are the engine's rational
/// approximations (`FastMath`). `level` above `nk_simd_best_level()` is lowered to it.
void nk_lstm_step(NKSIMDLevel level, const float *packed, int units, int batch, const float *zx, size_t ldz,
                  const float *hPrevious, size_t ldh, float *cell, float *hOut, size_t ldo);

/// Columns per panel of a packed GEMM right-hand side.
#define NK_GEMM_PANEL 32

/// Floats needed by `nk_gemm_pack` for a `[k, n]` matrix: k · ⌈n / 32⌉ · 32.
size_t nk_gemm_packed_count(int k, int n);

/// Packs B `[k, n]` (row stride `ldb`) into panels of 32 columns, each k rows of 32 contiguous floats
/// (`packed[(p · k + kk) · 32 + l] = B[kk, 32p + l]`, zero past column n).
void nk_gemm_pack(const float *b, int k, int n, size_t ldb, float *packed);

/// C `[m, n]` (row stride `ldc`) = A `[m, k]` (row stride `lda`, which may be smaller than k: a Conv1D reads its
/// zero-padded `[L, cin]` input with lda = cin and k = taps · cin, every row a window of the one before) · B, with B
/// packed by `nk_gemm_pack`. Rows go through a panel in groups (8 with AVX-512, 3 with AVX2, 1 portably) whose sums
/// stay in registers over the whole k loop. `level` above `nk_simd_best_level()` is lowered to it.
void nk_gemm(NKSIMDLevel level, int m, int n, int k, const float *a, size_t lda, const float *packed, float *c,
             size_t ldc);

/// What `nk_gemm_epilogue` applies to every row of sums before storing it, per column j:
/// y = a · b + bias[j]; y = max(0, y) if `reluBeforeAffine`; y = y · scale[j] + shift[j] if both are given;
/// y = max(0, y) if `reluAfterAffine`. NULL arrays and zero flags skip their part.
typedef struct {
    const float *bias;
    const float *scale;
    const float *shift;
    int reluBeforeAffine;
    int reluAfterAffine;
} NKEpilogue;

/// `nk_gemm` with the epilogue applied while the sums are still in registers (the sums start at the bias), so a
/// Dense layer, an LSTM's input projection (`[B · T, in] × [in, 4u]` plus the gate bias) or a Conv1D with ReLU and
/// a BatchNormalization after it writes its output in one pass. `epilogue` NULL is `nk_gemm`.
void nk_gemm_epilogue(NKSIMDLevel level, int m, int n, int k, const float *a, size_t lda, const float *packed,
                      const NKEpilogue *epilogue, float *c, size_t ldc);

/// MaxPooling1D, padding 'valid', channels-last: x `[batch, length, channels]` → y `[batch, (length − pool) /
/// stride + 1, channels]`, y[b, t, c] = max over o < pool of x[b, t · stride + o, c], 16 channels per vector
/// (a larger value replaces the running maximum, so a NaN is kept only where it comes first). Does nothing when
/// length < pool.
void nk_max_pool1d(NKSIMDLevel level, int batch, int length, int channels, int pool, int stride, const float *x,
                   float *y);

#endif
