/// Per-beat RR features from R-peak times (seconds), as the training pipeline (`tools/train/mitdb.py`,
/// `rr_features`) computes them.
enum RRFeatures {
    enum Feature: String, CaseIterable {
        /// t_i − t_{i−1}; the first beat uses its post RR.
        case preRR = "pre_rr_s"
        /// t_{i+1} − t_i; the last beat uses its pre RR.
        case postRR = "post_rr_s"
        /// Mean pre RR over beats max(0, i−9)…i.
        case localRR = "local_rr_s"
        /// pre / local.
        case preRatio = "pre_rr_ratio"
        /// post / local.
        case postRatio = "post_rr_ratio"
        /// The patient's longer-term rhythm: mean pre RR over the beats j with |t_j − t_i| ≤ H (H =
        /// ``RecordingContext/longRRHalfWindowS``, beat i included; the whole recording when it is shorter).
        case longRR = "long_rr_s"
        /// pre / long.
        case preLongRatio = "pre_rr_long_ratio"
        /// post / long.
        case postLongRatio = "post_rr_long_ratio"
        /// post / pre: the compensatory pause after a premature beat.
        case postPreRatio = "post_pre_ratio"
    }

    /// The five features of a format-1 sidecar, in its order.
    static let short: [Feature] = [.preRR, .postRR, .localRR, .preRatio, .postRatio]

    /// Row-major [beats, features.count] in the order of `features`, for increasing `times` (seconds). Needs at
    /// least two beats. A ratio whose denominator is not positive is 1. `longHalfWindow` is H in seconds.
    static func matrix(times: [Double], features: [Feature], longHalfWindow: Double = 150) -> [Float] {
        let n = times.count
        guard n >= 2, !features.isEmpty else { return [] }
        var pre = [Double](repeating: 0, count: n)
        var post = [Double](repeating: 0, count: n)
        for i in 0..<n {
            pre[i] = i > 0 ? times[i] - times[i - 1] : times[1] - times[0]
            post[i] = i < n - 1 ? times[i + 1] - times[i] : times[n - 1] - times[n - 2]
        }
        var local = [Double](repeating: 0, count: n)
        var running = 0.0
        for i in 0..<n {
            running += pre[i]
            if i >= 10 { running -= pre[i - 10] }
            local[i] = running / Double(min(i + 1, 10))
        }
        var long = [Double](repeating: 0, count: n)
        if features.contains(where: { [.longRR, .preLongRatio, .postLongRatio].contains($0) }) {
            // cumulative[k] = pre[0] + … + pre[k−1]; the window is beats first..<afterLast.
            var cumulative = [Double](repeating: 0, count: n + 1)
            for i in 0..<n { cumulative[i + 1] = cumulative[i] + pre[i] }
            for i in 0..<n {
                let first = lowerBound(times, times[i] - longHalfWindow)
                let afterLast = upperBound(times, times[i] + longHalfWindow)
                long[i] = afterLast > first ? (cumulative[afterLast] - cumulative[first]) / Double(afterLast - first) : pre[i]
            }
        }
        func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 1 }
        var values = [Float](repeating: 0, count: n * features.count)
        for i in 0..<n {
            for (j, feature) in features.enumerated() {
                let value: Double = switch feature {
                case .preRR: pre[i]
                case .postRR: post[i]
                case .localRR: local[i]
                case .preRatio: ratio(pre[i], local[i])
                case .postRatio: ratio(post[i], local[i])
                case .longRR: long[i]
                case .preLongRatio: ratio(pre[i], long[i])
                case .postLongRatio: ratio(post[i], long[i])
                case .postPreRatio: ratio(post[i], pre[i])
                }
                values[i * features.count + j] = Float(value)
            }
        }
        return values
    }

    /// The first index whose time is ≥ `value` (binary search; `times` increasing).
    static func lowerBound(_ times: [Double], _ value: Double) -> Int {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index whose time is > `value` (binary search; `times` increasing).
    static func upperBound(_ times: [Double], _ value: Double) -> Int {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
