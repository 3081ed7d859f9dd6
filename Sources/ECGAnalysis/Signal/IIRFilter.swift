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

    /// Steady-state initial conditions for a unit step (scipy.signal.lfilter_zi): solves (I − Aᵀ) zi = b[1:] − a[1:] b[0]
    /// with A the companion matrix of `a`. Length `order`.
    var stepInitialConditions: [Double] {
        let order = a.count - 1
        guard order > 0 else { return [] }
        // Matrix M = I − companion(a)ᵀ, row-major. companion(a)[0][j] = −a[j+1], companion[i][i−1] = 1.
        var m = [Double](repeating: 0, count: order * order)
        for i in 0..<order {
            m[i * order + i] = 1
            m[i * order + 0] += a[i + 1]  // −(−a[i+1]) from the transposed first row
            if i + 1 < order { m[i * order + i + 1] -= 1 }
        }
        var rhs = (0..<order).map { b[$0 + 1] - a[$0 + 1] * b[0] }
        // Gaussian elimination with partial pivoting.
        for column in 0..<order {
            var pivot = column
            for row in column..<order where abs(m[row * order + column]) > abs(m[pivot * order + column]) { pivot = row }
            if pivot != column {
                for k in 0..<order { m.swapAt(column * order + k, pivot * order + k) }
                rhs.swapAt(column, pivot)
            }
            let diagonal = m[column * order + column]
            guard diagonal != 0 else { return Array(repeating: 0, count: order) }
            for row in (column + 1)..<order {
                let factor = m[row * order + column] / diagonal
                guard factor != 0 else { continue }
                for k in column..<order { m[row * order + k] -= factor * m[column * order + k] }
                rhs[row] -= factor * rhs[column]
            }
        }
        var solution = [Double](repeating: 0, count: order)
        for row in stride(from: order - 1, through: 0, by: -1) {
            var sum = rhs[row]
            for k in (row + 1)..<order { sum -= m[row * order + k] * solution[k] }
            solution[row] = sum / m[row * order + row]
        }
        return solution
    }

    /// Direct form II transposed filtering in place (scipy.signal.lfilter), starting from state `initial`.
    func apply(_ x: inout [Double], initial: [Double]) {
        let order = a.count - 1
        guard order > 0 else {
            let gain = b[0]
            for i in x.indices { x[i] *= gain }
            return
        }
        var state = initial
        b.withUnsafeBufferPointer { b in
            a.withUnsafeBufferPointer { a in
                state.withUnsafeMutableBufferPointer { z in
                    x.withUnsafeMutableBufferPointer { x in
                        for i in 0..<x.count {
                            let input = x[i]
                            let output = b[0] * input + z[0]
                            for k in 0..<(order - 1) {
                                z[k] = b[k + 1] * input - a[k + 1] * output + z[k + 1]
                            }
                            z[order - 1] = b[order] * input - a[order] * output
                            x[i] = output
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
        var extended = [Double](repeating: 0, count: n + 2 * padding)
        let first = Double(x[0]), last = Double(x[n - 1])
        for i in 0..<padding {
            extended[i] = 2 * first - Double(x[padding - i])
            extended[padding + n + i] = 2 * last - Double(x[n - 2 - i])
        }
        for i in 0..<n { extended[padding + i] = Double(x[i]) }
        let zi = stepInitialConditions
        apply(&extended, initial: zi.map { $0 * extended[0] })
        extended.reverse()
        apply(&extended, initial: zi.map { $0 * extended[0] })
        extended.reverse()
        return (0..<n).map { Float(extended[padding + $0]) }
    }
}
