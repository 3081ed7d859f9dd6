import _NeuralKernelsSIMD

/// Instruction-set level of the C micro-kernels in `_NeuralKernelsSIMD` (chosen at run time; the package itself
/// compiles for the platform's baseline target).
enum SIMDLevel: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Baseline vector code (four SSE halves per 16 lanes on x86-64): what Swift's `SIMD8<Float>` compiles to here.
    case portable = 0
    /// AVX2 + FMA.
    case avx2 = 1
    /// AVX-512F.
    case avx512 = 2

    /// The highest level this processor and operating system support.
    static let best: SIMDLevel = SIMDLevel(rawValue: Int(nk_simd_best_level().rawValue)) ?? .portable

    /// Every level that can run here, lowest first.
    static var supported: [SIMDLevel] { allCases.filter { $0.rawValue <= best.rawValue } }

    var description: String {
        switch self {
        case .portable: "portable"
        case .avx2: "AVX2"
        case .avx512: "AVX-512"
        }
    }

    var cLevel: NKSIMDLevel { NKSIMDLevel(rawValue: numericCast(rawValue)) }
}
