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
        /// pre / the median pre RR over the same beats as ``longRR`` (the mean of the two middle values of an even
        /// count): a reference that isolated ectopic beats do not shift.
        case preMedianRatio = "pre_rr_median_ratio"
        /// pre / U, U = the sorted pre RRs over the same beats as ``longRR`` at index ⌊q·(m − 1)⌋ (q =
        /// ``RecordingContext/upperRRQuantile``, m beats): a beat in a run of premature beats is short against the
        /// longer sinus intervals around the run.
        case preUpperRatio = "pre_rr_p90_ratio"
        /// post / U.
        case postUpperRatio = "post_rr_p90_ratio"
        /// pre / the median pre RR of the beats max(0, i − K) … min(n − 1, i + K) (K =
        /// ``RecordingContext/localRRHalfBeats``).
        case preLocalMedianRatio = "pre_rr_local_median_ratio"
        /// post / that local median.
        case postLocalMedianRatio = "post_rr_local_median_ratio"
        /// The median of |pre_j − pre_{j−1}| over j = max(1, i − K) … min(n − 1, i + K), over the local median:
        /// high in atrial fibrillation, where every beat looks premature against a mean.
        case irregularity = "rr_irregularity"

        /// Whether the feature reads the recording beyond the beat's neighbours (sidecar format 2).
        var needsContext: Bool {
            switch self {
            case .preRR, .postRR, .localRR, .preRatio, .postRatio, .postPreRatio: false
            default: true
            }
        }
    }

    /// The five features of a format-1 sidecar, in its order.
    static let short: [Feature] = [.preRR, .postRR, .localRR, .preRatio, .postRatio]

    /// Row-major [beats, features.count] in the order of `features`, for increasing `times` (seconds). Needs at
    /// least two beats. A ratio whose denominator is not positive is 1 (the irregularity 0). `context` gives H, K
    /// and q.
    static func matrix(times: [Double], features: [Feature], context: RecordingContext = .standard) -> [Float] {
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
        let halfWindow = context.longRRHalfWindowS
        var long = [Double](repeating: 0, count: n)
        if features.contains(where: { [.longRR, .preLongRatio, .postLongRatio].contains($0) }) {
            // cumulative[k] = pre[0] + … + pre[k−1]; the window is beats first..<afterLast.
            var cumulative = [Double](repeating: 0, count: n + 1)
            for i in 0..<n { cumulative[i + 1] = cumulative[i] + pre[i] }
            for i in 0..<n {
                let first = lowerBound(times, times[i] - halfWindow)
                let afterLast = upperBound(times, times[i] + halfWindow)
                long[i] = afterLast > first ? (cumulative[afterLast] - cumulative[first]) / Double(afterLast - first) : pre[i]
            }
        }
        var median = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        if features.contains(where: { [.preMedianRatio, .preUpperRatio, .postUpperRatio].contains($0) }) {
            // The window's pre RRs kept sorted as both ends move forward.
            var sorted: [Double] = []
            var first = 0, afterLast = 0
            for i in 0..<n {
                while afterLast < n, times[afterLast] <= times[i] + halfWindow {
                    sorted.insert(pre[afterLast], at: lowerBound(sorted, pre[afterLast]))
                    afterLast += 1
                }
                while first < n, times[first] < times[i] - halfWindow {
                    sorted.remove(at: lowerBound(sorted, pre[first]))
                    first += 1
                }
                let m = sorted.count
                guard m > 0 else { (median[i], upper[i]) = (pre[i], pre[i]); continue }  // times not increasing
                median[i] = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2
                upper[i] = sorted[Int((context.upperRRQuantile * Double(m - 1)).rounded(.down))]
            }
        }
        var localMedian = [Double](repeating: 0, count: n)
        var irregularity = [Double](repeating: 0, count: n)
        if features.contains(where: { [.preLocalMedianRatio, .postLocalMedianRatio, .irregularity].contains($0) }) {
            let k = context.localRRHalfBeats
            var steps: [Double] = []  // one buffer for the whole recording
            steps.reserveCapacity(2 * k + 1)
            for i in 0..<n {
                let lo = max(0, i - k), hi = min(n - 1, i + k)
                localMedian[i] = HeartRateAnalysis.median(pre[lo...hi])
                steps.removeAll(keepingCapacity: true)
                for j in max(1, lo)...hi { steps.append(abs(pre[j] - pre[j - 1])) }
                irregularity[i] = localMedian[i] > 0 ? HeartRateAnalysis.median(steps) / localMedian[i] : 0
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
                case .preMedianRatio: ratio(pre[i], median[i])
                case .preUpperRatio: ratio(pre[i], upper[i])
                case .postUpperRatio: ratio(post[i], upper[i])
                case .preLocalMedianRatio: ratio(pre[i], localMedian[i])
                case .postLocalMedianRatio: ratio(post[i], localMedian[i])
                case .irregularity: irregularity[i]
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
