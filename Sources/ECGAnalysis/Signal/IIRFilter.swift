/// Transfer-function coefficients of an IIR filter, `H(z) = B(z) / A(z)`, normalised so that `a[0] == 1`.
struct IIRCoefficients: Sendable, Equatable {
    var b: [Double]
    var a: [Double]

    init(b: [Double], a: [Double]) {
        let a0 = a.first ?? 1
        let n = max(a.count, b.count)
        self.b = (b + Array(repeating: 0, count: n - b.count)).map { $0 / a0 }
        self.a = (a + Array(repeating: 0, count: n - a.count)).map { $0 / a0 }
    }

    /// Steady-state initial conditions for a unit step, as scipy.signal.lfilter_zi (length `order`): the state in which
    /// a constant input 1 yields the constant output `H(1) = Σb / Σa`. Solving the direct-form-II-transposed
    /// recurrences at that steady state gives `zi[k] = Σ_{j>k} (b[j] − a[j] · H(1))` directly; this avoids the linear
    /// solve scipy does, which loses digits for high-order band-passes whose poles crowd z = 1.
    var stepInitialConditions: [Double] {
        let order = a.count - 1
        guard order > 0 else { return [] }
        let denominator = a.reduce(0, +)
        let gain = denominator == 0 ? 0 : b.reduce(0, +) / denominator
        var zi = [Double](repeating: 0, count: order)
        var sum = 0.0
        for k in stride(from: order - 1, through: 0, by: -1) {
            sum += b[k + 1] - a[k + 1] * gain
            zi[k] = sum
        }
        return zi
    }

    /// Direct form II transposed filtering in place (scipy.signal.lfilter) over `x[range]`, forwards or backwards,
    /// starting from state `initial` (length `order`).
    func apply(_ x: inout [Double], range: Range<Int>, backwards: Bool, initial: [Double]) {
        let order = a.count - 1
        let count = range.count
        guard count > 0 else { return }
        let start = backwards ? range.upperBound - 1 : range.lowerBound
        let step = backwards ? -1 : 1
        x.withUnsafeMutableBufferPointer { x in
            switch order {
            case 0:
                for i in range { x[i] *= b[0] }
            case 2:
                // Second order (notch, first-order band-pass): state kept in registers.
                let (b0, b1, b2, a1, a2) = (b[0], b[1], b[2], a[1], a[2])
                var (z0, z1) = (initial[0], initial[1])
                var i = start
                for _ in 0..<count {
                    let input = x[i]
                    let output = b0 * input + z0
                    z0 = b1 * input - a1 * output + z1
                    z1 = b2 * input - a2 * output
                    x[i] = output
                    i += step
                }
            case 4:
                // Fourth order (second-order band-pass): state kept in registers.
                let (b0, b1, b2, b3, b4) = (b[0], b[1], b[2], b[3], b[4])
                let (a1, a2, a3, a4) = (a[1], a[2], a[3], a[4])
                var (z0, z1, z2, z3) = (initial[0], initial[1], initial[2], initial[3])
                var i = start
                for _ in 0..<count {
                    let input = x[i]
                    let output = b0 * input + z0
                    z0 = b1 * input - a1 * output + z1
                    z1 = b2 * input - a2 * output + z2
                    z2 = b3 * input - a3 * output + z3
                    z3 = b4 * input - a4 * output
                    x[i] = output
                    i += step
                }
            default:
                var z = initial
                b.withUnsafeBufferPointer { b in
                    a.withUnsafeBufferPointer { a in
                        z.withUnsafeMutableBufferPointer { z in
                            var i = start
                            for _ in 0..<count {
                                let input = x[i]
                                let output = b[0] * input + z[0]
                                for k in 0..<(order - 1) {
                                    z[k] = b[k + 1] * input - a[k + 1] * output + z[k + 1]
                                }
                                z[order - 1] = b[order] * input - a[order] * output
                                x[i] = output
                                i += step
                            }
                        }
                    }
                }
            }
        }
    }

    /// Zero-phase forward-backward filtering as scipy.signal.filtfilt(b, a, x) with its defaults: odd extension
    /// by `padlen = 3 * max(len(a), len(b))` samples at each end (shortened to `x.count − 1` for short inputs),
    /// `lfilter_zi` initial conditions scaled by the first sample of each pass.
    func filtfilt(_ x: [Float]) -> [Float] {
        let n = x.count
        guard n > 1 else { return x }
        let padding = min(3 * a.count, n - 1)
        let total = n + 2 * padding
        var extended = [Double](repeating: 0, count: total)
        let first = Double(x[0]), last = Double(x[n - 1])
        for i in 0..<padding {
            extended[i] = 2 * first - Double(x[padding - i])
            extended[padding + n + i] = 2 * last - Double(x[n - 2 - i])
        }
        for i in 0..<n { extended[padding + i] = Double(x[i]) }
        let zi = stepInitialConditions
        apply(&extended, range: 0..<total, backwards: false, initial: zi.map { $0 * extended[0] })
        apply(&extended, range: 0..<total, backwards: true, initial: zi.map { $0 * extended[total - 1] })
        return [Float](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = Float(extended[padding + i]) }
            count = n
        }
    }
}
