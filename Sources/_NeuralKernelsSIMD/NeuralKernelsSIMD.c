// Recurrent micro-kernels of NeuralKernels with run-time instruction-set dispatch.
//
// Swift compiles the package for the baseline target of the platform (SSE2 on x86-64) and cannot enable AVX2 or
// AVX-512 per function; the package must not pass `unsafeFlags` either (it is depended on by version). This file
// writes each kernel once, as an always-inlined body over 16-lane GCC vector types, and instantiates it in wrappers
// carrying `__attribute__((target(...)))`: the compiler emits zmm code for AVX-512, ymm + FMA code for AVX2 and
// four xmm halves for the portable level. `nk_simd_best_level` picks the highest level the processor and the
// operating system support (CPUID, XGETBV), and every entry point lowers a requested level to it, so a level
// the machine lacks is never executed. The portable level is what Swift's own `SIMD8<Float>` code compiles to on
// baseline x86-64; `ecg bench kernels` times all levels against OpenBLAS for each recurrent shape.

#include "NeuralKernelsSIMD.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define NK_X86 1
#else
#define NK_X86 0
#endif

typedef float nk_v16 __attribute__((vector_size(64)));
typedef float nk_v16u __attribute__((vector_size(64), aligned(4)));

#define NK_LOAD(p) (*(const nk_v16u *)(p))
#define NK_STORE(p, v) (*(nk_v16u *)(p) = (v))
// x − (+0) is x for every x (also −0), so the subtraction folds away and leaves a broadcast.
#define NK_SPLAT(x) ((float)(x) - (nk_v16){0})

// tanh as the [13/6] rational function of `FastMath.tanh` (same clamp and coefficients).
#define NK_TANH(v)                                                                                                \
    ({                                                                                                            \
        nk_v16 x_ = __builtin_elementwise_min(__builtin_elementwise_max((v), NK_SPLAT(-7.9053111f)),              \
                                              NK_SPLAT(7.9053111f));                                              \
        nk_v16 x2_ = x_ * x_;                                                                                     \
        nk_v16 p_ = NK_SPLAT(-2.76076847e-16f);                                                                   \
        p_ = p_ * x2_ + 2.0001880e-13f;                                                                           \
        p_ = p_ * x2_ + -8.6046715e-11f;                                                                          \
        p_ = p_ * x2_ + 5.1222973e-08f;                                                                           \
        p_ = p_ * x2_ + 1.4857224e-05f;                                                                           \
        p_ = p_ * x2_ + 6.3726193e-04f;                                                                           \
        p_ = p_ * x2_ + 4.8935246e-03f;                                                                           \
        p_ = p_ * x_;                                                                                             \
        nk_v16 q_ = NK_SPLAT(1.1982584e-06f);                                                                     \
        q_ = q_ * x2_ + 1.1853471e-04f;                                                                           \
        q_ = q_ * x2_ + 2.2684346e-03f;                                                                           \
        q_ = q_ * x2_ + 4.8935252e-03f;                                                                           \
        p_ / q_;                                                                                                  \
    })

#define NK_SIGMOID(v) (NK_TANH((v) * 0.5f) * 0.5f + 0.5f)

enum { PANEL = NK_RECURRENT_PANEL };

size_t nk_recurrent_packed_count(int units, int gates) {
    if (units <= 0 || gates <= 0) return 0;
    size_t panels = (size_t)(units + PANEL - 1) / PANEL;
    return panels * (size_t)units * (size_t)gates * PANEL;
}

void nk_recurrent_pack(const float *recurrent, int units, int gates, float *packed) {
    size_t ld = (size_t)gates * (size_t)units;
    for (int j0 = 0; j0 < units; j0 += PANEL) {
        for (int k = 0; k < units; k++) {
            for (int g = 0; g < gates; g++) {
                for (int l = 0; l < PANEL; l++) {
                    int j = j0 + l;
                    *packed++ = j < units ? recurrent[(size_t)k * ld + (size_t)g * (size_t)units + (size_t)j] : 0.0f;
                }
            }
        }
    }
}

// The LSTM step for `rows` samples (1, 2 or 4: a constant after inlining), which share every load of a panel
// row. With one sample, `pairs` = 2 keeps two k in flight in independent accumulator sets to hide the FMA latency
// where registers allow; with several samples their own accumulators do that.
static inline __attribute__((always_inline)) void lstm_rows_body(const float *packed, int units, int rows,
                                                                 const float *zx, size_t ldz, const float *hp,
                                                                 size_t ldh, float *cell, float *hOut, size_t ldo,
                                                                 int pairs) {
    const size_t panelFloats = (size_t)units * 4 * PANEL;
    for (int j0 = 0; j0 < units; j0 += PANEL) {
        const float *panel = packed + (size_t)(j0 / PANEL) * panelFloats;
        nk_v16 acc[4][4];
        for (int r = 0; r < rows; r++)
            for (int g = 0; g < 4; g++) acc[r][g] = (nk_v16){0};
        if (hp) {
            int k = 0;
            if (rows == 1 && pairs == 2) {
                nk_v16 bi = {0}, bf = {0}, bg = {0}, bo = {0};
                for (; k + 1 < units; k += 2) {
                    const float *w = panel + (size_t)k * 4 * PANEL;
                    nk_v16 h0 = NK_SPLAT(hp[k]), h1 = NK_SPLAT(hp[k + 1]);
                    acc[0][0] = acc[0][0] + h0 * NK_LOAD(w);
                    acc[0][1] = acc[0][1] + h0 * NK_LOAD(w + 16);
                    acc[0][2] = acc[0][2] + h0 * NK_LOAD(w + 32);
                    acc[0][3] = acc[0][3] + h0 * NK_LOAD(w + 48);
                    bi = bi + h1 * NK_LOAD(w + 64);
                    bf = bf + h1 * NK_LOAD(w + 80);
                    bg = bg + h1 * NK_LOAD(w + 96);
                    bo = bo + h1 * NK_LOAD(w + 112);
                }
                acc[0][0] = acc[0][0] + bi;
                acc[0][1] = acc[0][1] + bf;
                acc[0][2] = acc[0][2] + bg;
                acc[0][3] = acc[0][3] + bo;
            }
            for (; k < units; k++) {
                const float *w = panel + (size_t)k * 4 * PANEL;
                nk_v16 wi = NK_LOAD(w), wf = NK_LOAD(w + 16), wg = NK_LOAD(w + 32), wo = NK_LOAD(w + 48);
                for (int r = 0; r < rows; r++) {
                    nk_v16 h0 = NK_SPLAT(hp[(size_t)r * ldh + (size_t)k]);
                    acc[r][0] = acc[r][0] + h0 * wi;
                    acc[r][1] = acc[r][1] + h0 * wf;
                    acc[r][2] = acc[r][2] + h0 * wg;
                    acc[r][3] = acc[r][3] + h0 * wo;
                }
            }
        }
        // The fused gate epilogue on these 16 units of each sample; a last, partial panel goes through
        // zero-padded copies.
        int n = units - j0 < PANEL ? units - j0 : PANEL;
        for (int r = 0; r < rows; r++) {
            const float *z = zx + (size_t)r * ldz;
            const float *zi = z + j0, *zf = z + units + j0, *zg = z + 2 * units + j0, *zo = z + 3 * units + j0;
            float *c = cell + (size_t)r * (size_t)units + j0, *h = hOut + (size_t)r * ldo + j0;
            float padded[6][PANEL];
            if (n < PANEL) {
                memset(padded, 0, sizeof padded);
                memcpy(padded[0], zi, (size_t)n * sizeof(float));
                memcpy(padded[1], zf, (size_t)n * sizeof(float));
                memcpy(padded[2], zg, (size_t)n * sizeof(float));
                memcpy(padded[3], zo, (size_t)n * sizeof(float));
                memcpy(padded[4], c, (size_t)n * sizeof(float));
                zi = padded[0], zf = padded[1], zg = padded[2], zo = padded[3];
            }
            float *cOut = n < PANEL ? padded[4] : c, *hOutPanel = n < PANEL ? padded[5] : h;
            nk_v16 gi = NK_SIGMOID(acc[r][0] + NK_LOAD(zi));
            nk_v16 gf = NK_SIGMOID(acc[r][1] + NK_LOAD(zf));
            nk_v16 gg = NK_TANH(acc[r][2] + NK_LOAD(zg));
            nk_v16 go = NK_SIGMOID(acc[r][3] + NK_LOAD(zo));
            nk_v16 cn = gf * NK_LOAD(cOut) + gi * gg;
            NK_STORE(cOut, cn);
            NK_STORE(hOutPanel, go * NK_TANH(cn));
            if (n < PANEL) {
                memcpy(c, padded[4], (size_t)n * sizeof(float));
                memcpy(h, padded[5], (size_t)n * sizeof(float));
            }
        }
    }
}

// All samples in groups of `group` (a constant after inlining), the rest one by one.
static inline __attribute__((always_inline)) void lstm_batch_body(const float *packed, int units, int batch,
                                                                  const float *zx, size_t ldz, const float *hp,
                                                                  size_t ldh, float *cell, float *hOut, size_t ldo,
                                                                  int group, int pairs) {
    int b = 0;
    for (; group > 1 && b + group <= batch; b += group) {
        lstm_rows_body(packed, units, group, zx + (size_t)b * ldz, ldz, hp ? hp + (size_t)b * ldh : NULL, ldh,
                       cell + (size_t)b * (size_t)units, hOut + (size_t)b * ldo, ldo, pairs);
    }
    for (; b < batch; b++) {
        lstm_rows_body(packed, units, 1, zx + (size_t)b * ldz, ldz, hp ? hp + (size_t)b * ldh : NULL, ldh,
                       cell + (size_t)b * (size_t)units, hOut + (size_t)b * ldo, ldo, pairs);
    }
}

#define NK_LSTM_ARGS                                                                                              \
    const float *packed, int units, int batch, const float *zx, size_t ldz, const float *hp, size_t ldh,         \
        float *cell, float *hOut, size_t ldo
#define NK_LSTM_PASS packed, units, batch, zx, ldz, hp, ldh, cell, hOut, ldo

static void lstm_portable(NK_LSTM_ARGS) { lstm_batch_body(NK_LSTM_PASS, 1, 1); }

#if NK_X86
__attribute__((target("avx2,fma"))) static void lstm_avx2(NK_LSTM_ARGS) { lstm_batch_body(NK_LSTM_PASS, 1, 2); }

// One accumulator set per sample here too, so that a sample's sums are added in the same order whether it runs in a
// group of 4 or alone: a batch gives the same numbers whole or split over threads.
__attribute__((target("avx512f"))) static void lstm_avx512(NK_LSTM_ARGS) { lstm_batch_body(NK_LSTM_PASS, 4, 1); }

static int detect_level(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return NKSIMDLevelPortable;
    int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
    if (!osxsave || !avx) return NKSIMDLevelPortable;
    unsigned xcr0, xcr0High;
    __asm__ volatile("xgetbv" : "=a"(xcr0), "=d"(xcr0High) : "c"(0));
    if ((xcr0 & 0x6) != 0x6) return NKSIMDLevelPortable;  // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return NKSIMDLevelPortable;
    int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
    if (avx512f && (xcr0 & 0xE6) == 0xE6) return NKSIMDLevelAVX512;  // plus opmask and ZMM state
    if (avx2 && fma) return NKSIMDLevelAVX2;
    return NKSIMDLevelPortable;
}
#else
static int detect_level(void) { return NKSIMDLevelPortable; }
#endif

NKSIMDLevel nk_simd_best_level(void) {
    static int cached = -1;
    int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (level < 0) {
        level = detect_level();
        __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    }
    return (NKSIMDLevel)level;
}

void nk_lstm_step(NKSIMDLevel level, const float *packed, int units, int batch, const float *zx, size_t ldz,
                  const float *hPrevious, size_t ldh, float *cell, float *hOut, size_t ldo) {
    NKSIMDLevel best = nk_simd_best_level();
    if (level > best) level = best;
#if NK_X86
    if (level == NKSIMDLevelAVX512) {
        lstm_avx512(packed, units, batch, zx, ldz, hPrevious, ldh, cell, hOut, ldo);
        return;
    }
    if (level == NKSIMDLevelAVX2) {
        lstm_avx2(packed, units, batch, zx, ldz, hPrevious, ldh, cell, hOut, ldo);
        return;
    }
#endif
    lstm_portable(packed, units, batch, zx, ldz, hPrevious, ldh, cell, hOut, ldo);
}

// ---- GEMM with a packed right-hand side -------------------------------------------------------------------------

enum { GEMM_PANEL = NK_GEMM_PANEL };

size_t nk_gemm_packed_count(int k, int n) {
    if (k <= 0 || n <= 0) return 0;
    return (size_t)k * (size_t)((n + GEMM_PANEL - 1) / GEMM_PANEL) * GEMM_PANEL;
}

void nk_gemm_pack(const float *b, int k, int n, size_t ldb, float *packed) {
    for (int j0 = 0; j0 < n; j0 += GEMM_PANEL) {
        for (int kk = 0; kk < k; kk++) {
            for (int l = 0; l < GEMM_PANEL; l++) {
                int j = j0 + l;
                *packed++ = j < n ? b[(size_t)kk * ldb + (size_t)j] : 0.0f;
            }
        }
    }
}

// The epilogue of one 32-column panel as vectors: sums start at `start` (the bias, or zeros), then
// max(0, ·) if `reluFirst`, · × scale + shift if `affine`, max(0, ·) if `reluLast`.
typedef struct {
    nk_v16 start[2], scale[2], shift[2];
    int reluFirst, affine, reluLast;
} nk_panel_epilogue;

// (A macro, not a function: a 64-byte vector argument would change the calling convention below AVX-512.)
#define NK_GEMM_FINISH(v, e, half)                                                                             \
    ({                                                                                                        \
        nk_v16 y_ = (v);                                                                                      \
        if ((e)->reluFirst) y_ = __builtin_elementwise_max(y_, (nk_v16){0});                                  \
        if ((e)->affine) y_ = y_ * (e)->scale[half] + (e)->shift[half];                                       \
        if ((e)->reluLast) y_ = __builtin_elementwise_max(y_, (nk_v16){0});                                   \
        y_;                                                                                                   \
    })

// `rows` (a constant after inlining) rows of A against one 32-column panel: the 2 · rows sums start at the
// panel's bias and stay in registers for the whole k loop; the epilogue runs on them before the one store.
static inline __attribute__((always_inline)) void gemm_tile(int rows, const float *a, size_t lda, const float *panel,
                                                            int k, float *c, size_t ldc, int columns,
                                                            const nk_panel_epilogue *e) {
    nk_v16 acc[8][2];
    for (int r = 0; r < rows; r++) {
        acc[r][0] = e->start[0];
        acc[r][1] = e->start[1];
    }
    for (int kk = 0; kk < k; kk++) {
        nk_v16 b0 = NK_LOAD(panel + (size_t)kk * GEMM_PANEL), b1 = NK_LOAD(panel + (size_t)kk * GEMM_PANEL + 16);
        for (int r = 0; r < rows; r++) {
            nk_v16 x = NK_SPLAT(a[(size_t)r * lda + (size_t)kk]);
            acc[r][0] = acc[r][0] + x * b0;
            acc[r][1] = acc[r][1] + x * b1;
        }
    }
    for (int r = 0; r < rows; r++) {
        float *row = c + (size_t)r * ldc;
        nk_v16 v0 = NK_GEMM_FINISH(acc[r][0], e, 0), v1 = NK_GEMM_FINISH(acc[r][1], e, 1);
        if (columns == GEMM_PANEL) {
            NK_STORE(row, v0);
            NK_STORE(row + 16, v1);
        } else if (columns == 16) {
            NK_STORE(row, v0);
        } else {
            float tail[GEMM_PANEL];
            NK_STORE(tail, v0);
            NK_STORE(tail + 16, v1);
            memcpy(row, tail, (size_t)columns * sizeof(float));
        }
    }
}

// Up to 32 values of `source` from `j0` (zeros past `columns`, or all zeros without a source) as two vectors.
static inline __attribute__((always_inline)) void gemm_panel_vectors(const float *source, int j0, int columns,
                                                                     float fill, nk_v16 out[2]) {
    float values[GEMM_PANEL];
    for (int l = 0; l < GEMM_PANEL; l++) values[l] = source && l < columns ? source[j0 + l] : fill;
    out[0] = NK_LOAD(values);
    out[1] = NK_LOAD(values + 16);
}

static inline __attribute__((always_inline)) void gemm_body(int m, int n, int k, const float *a, size_t lda,
                                                            const float *packed, const NKEpilogue *epilogue,
                                                            float *c, size_t ldc, int group) {
    for (int j0 = 0; j0 < n; j0 += GEMM_PANEL) {
        const float *panel = packed + (size_t)(j0 / GEMM_PANEL) * (size_t)k * GEMM_PANEL;
        int columns = n - j0 < GEMM_PANEL ? n - j0 : GEMM_PANEL;
        nk_panel_epilogue e = {.reluFirst = 0, .affine = 0, .reluLast = 0};
        gemm_panel_vectors(epilogue ? epilogue->bias : NULL, j0, columns, 0, e.start);
        if (epilogue) {
            e.reluFirst = epilogue->reluBeforeAffine != 0;
            e.affine = epilogue->scale != NULL && epilogue->shift != NULL;
            e.reluLast = epilogue->reluAfterAffine != 0;
            if (e.affine) {
                gemm_panel_vectors(epilogue->scale, j0, columns, 1, e.scale);
                gemm_panel_vectors(epilogue->shift, j0, columns, 0, e.shift);
            }
        }
        int r = 0;
        for (; r + group <= m; r += group) {
            gemm_tile(group, a + (size_t)r * lda, lda, panel, k, c + (size_t)r * ldc + j0, ldc, columns, &e);
        }
        for (; r < m; r++) gemm_tile(1, a + (size_t)r * lda, lda, panel, k, c + (size_t)r * ldc + j0, ldc, columns, &e);
    }
}

#define NK_GEMM_ARGS \
    int m, int n, int k, const float *a, size_t lda, const float *packed, const NKEpilogue *epilogue, float *c, size_t ldc
#define NK_GEMM_PASS m, n, k, a, lda, packed, epilogue, c, ldc

static void gemm_portable(NK_GEMM_ARGS) { gemm_body(NK_GEMM_PASS, 1); }

#if NK_X86
__attribute__((target("avx2,fma"))) static void gemm_avx2(NK_GEMM_ARGS) { gemm_body(NK_GEMM_PASS, 3); }

__attribute__((target("avx512f"))) static void gemm_avx512(NK_GEMM_ARGS) { gemm_body(NK_GEMM_PASS, 8); }
#endif

void nk_gemm_epilogue(NKSIMDLevel level, int m, int n, int k, const float *a, size_t lda, const float *packed,
                      const NKEpilogue *epilogue, float *c, size_t ldc) {
    if (m <= 0 || n <= 0) return;
    NKSIMDLevel best = nk_simd_best_level();
    if (level > best) level = best;
#if NK_X86
    if (level == NKSIMDLevelAVX512) {
        gemm_avx512(NK_GEMM_PASS);
        return;
    }
    if (level == NKSIMDLevelAVX2) {
        gemm_avx2(NK_GEMM_PASS);
        return;
    }
#endif
    gemm_portable(NK_GEMM_PASS);
}

void nk_gemm(NKSIMDLevel level, int m, int n, int k, const float *a, size_t lda, const float *packed, float *c,
             size_t ldc) {
    nk_gemm_epilogue(level, m, n, k, a, lda, packed, NULL, c, ldc);
}

// ---- Max pooling over time ---------------------------------------------------------------------------------------

typedef int nk_v16i __attribute__((vector_size(64)));
typedef int nk_v16iu __attribute__((vector_size(64), aligned(4)));

// max as `candidate > best ? candidate : best` lane by lane (a NaN candidate never replaces, a NaN best stays),
// the comparison of the Swift element loops.
#define NK_MAX_KEEP(best, candidate)                                                                              \
    ({                                                                                                            \
        nk_v16i m_ = (nk_v16i)((candidate) > (best));                                                             \
        (nk_v16)(((nk_v16i)(candidate) & m_) | ((nk_v16i)(best) & ~m_));                                          \
    })

static inline __attribute__((always_inline)) void max_pool_body(int batch, int length, int channels, int pool,
                                                                int stride, int outLength, const float *x,
                                                                float *y) {
    for (int b = 0; b < batch; b++) {
        const float *xs = x + (size_t)b * (size_t)length * (size_t)channels;
        float *ys = y + (size_t)b * (size_t)outLength * (size_t)channels;
        for (int t = 0; t < outLength; t++) {
            const float *first = xs + (size_t)t * (size_t)stride * (size_t)channels;
            float *destination = ys + (size_t)t * (size_t)channels;
            int c = 0;
            for (; c + 16 <= channels; c += 16) {
                nk_v16 best = NK_LOAD(first + c);
                for (int o = 1; o < pool; o++) {
                    nk_v16 candidate = NK_LOAD(first + (size_t)o * (size_t)channels + c);
                    best = NK_MAX_KEEP(best, candidate);
                }
                NK_STORE(destination + c, best);
            }
            for (; c < channels; c++) {
                float best = first[c];
                for (int o = 1; o < pool; o++) {
                    float candidate = first[(size_t)o * (size_t)channels + c];
                    if (candidate > best) best = candidate;
                }
                destination[c] = best;
            }
        }
    }
}

#define NK_POOL_ARGS int batch, int length, int channels, int pool, int stride, int outLength, const float *x, float *y
#define NK_POOL_PASS batch, length, channels, pool, stride, outLength, x, y

static void max_pool_portable(NK_POOL_ARGS) { max_pool_body(NK_POOL_PASS); }

#if NK_X86
__attribute__((target("avx2,fma"))) static void max_pool_avx2(NK_POOL_ARGS) { max_pool_body(NK_POOL_PASS); }

__attribute__((target("avx512f"))) static void max_pool_avx512(NK_POOL_ARGS) { max_pool_body(NK_POOL_PASS); }
#endif

void nk_max_pool1d(NKSIMDLevel level, int batch, int length, int channels, int pool, int stride, const float *x,
                   float *y) {
    if (batch <= 0 || channels <= 0 || pool <= 0 || stride <= 0 || length < pool) return;
    int outLength = (length - pool) / stride + 1;
    NKSIMDLevel best = nk_simd_best_level();
    if (level > best) level = best;
#if NK_X86
    if (level == NKSIMDLevelAVX512) {
        max_pool_avx512(NK_POOL_PASS);
        return;
    }
    if (level == NKSIMDLevelAVX2) {
        max_pool_avx2(NK_POOL_PASS);
        return;
    }
#endif
    max_pool_portable(NK_POOL_PASS);
}
