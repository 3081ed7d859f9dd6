/// Vectorised transcendental functions on 8 lanes and lane-wise helpers for the planned kernels.
///
/// `tanh` is a [13/6] rational approximation (Eigen's `ptanh` coefficients; absolute error below 5e-7) and
/// `sigmoid(x) = tanh(x/2)/2 + 1/2`, so neither needs `exp`; `exp` (for softmax) is a range-reduced polynomial
/// with relative error below 2e-7. All of them compile to straight-line SIMD without calls.
enum FastMath {
    typealias Vector = SIMD8<Float>

    /// Lane-wise clamp written with compares and blends (the generic `clamped` is not inlined).
    @inline(__always)
    static func clamp(_ x: Vector, _ low: Float, _ high: Float) -> Vector {
        let lower = Vector(repeating: low), upper = Vector(repeating: high)
        return x.replacing(with: lower, where: x .< lower).replacing(with: upper, where: x .> upper)
    }

    @inline(__always)
    static func tanh(_ v: Vector) -> Vector {
        let x = clamp(v, -7.905_311_1, 7.905_311_1)
        let x2 = x * x
        var p = Vector(repeating: -2.760_768_47e-16)
        p = p * x2 + 2.000_188_0e-13
        p = p * x2 + -8.604_671_5e-11
        p = p * x2 + 5.122_297_3e-08
        p = p * x2 + 1.485_722_4e-05
        p = p * x2 + 6.372_619_3e-04
        p = p * x2 + 4.893_524_6e-03
        p = p * x
        var q = Vector(repeating: 1.198_258_4e-06)
        q = q * x2 + 1.185_347_1e-04
        q = q * x2 + 2.268_434_6e-03
        q = q * x2 + 4.893_525_2e-03
        return p / q
    }

    @inline(__always)
    static func sigmoid(_ x: Vector) -> Vector { tanh(x * 0.5) * 0.5 + 0.5 }

    /// e^x, inputs clamped to [-87.3, 88.3] so that results stay finite and normal.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        let clamped = clamp(x, -87.3, 88.3)
        // Round x·log2(e) with the 1.5·2^23 trick: the integer then sits in the low mantissa bits of `shifted`.
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        // r = x - n·ln2 in two parts (Cody–Waite) so that r is exact to float precision.
        let r = clamped - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = Vector(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_6e-2
        p = p * r + 1.666_666_5e-1
        p = p * r + 5.000_000_1e-1
        let poly = p * (r * r) + r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return poly * unsafeBitCast(exponent, to: Vector.self)
    }

    /// Loads `count` (≤ 8) floats; missing lanes are zero.
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, count: Int = 8) -> Vector {
        if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: Vector.self) }
        var v = Vector()
        for lane in 0..<count { v[lane] = p[lane] }
        return v
    }

    /// Stores the first `count` (≤ 8) lanes.
    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, count: Int = 8) {
        if count >= 8 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self); return }
        for lane in 0..<count { p[lane] = v[lane] }
    }

    /// Applies `transform` in place to `count` floats, 8 at a time.
    @inline(__always)
    static func map(_ p: UnsafeMutablePointer<Float>, count: Int, _ transform: (Vector) -> Vector) {
        var index = 0
        while index < count {
            let lanes = min(8, count - index)
            store(transform(load(p + index, count: lanes)), p + index, count: lanes)
            index += 8
        }
    }
}
