/// Per-beat RR features from R-peak times (seconds), as the training pipeline computed them.
enum RRFeatures {
    enum Feature: String, CaseIterable {
        /// t_i − t_{i−1}; the first beat uses its post RR.
        case preRR = "pre_rr_s"
        /// t_{i+1} − t_i; the last beat uses its pre RR.
        case postRR = "post_rr_s"
        /// Mean pre RR over beats max(0, i−9)…i.
        case localRR = "local_rr_s"
        case preRatio = "pre_rr_ratio"
        case postRatio = "post_rr_ratio"
    }

    /// Row-major [beats, features.count] in the order of `features`. Needs at least two beats.
    static func matrix(times: [Double], features: [Feature]) -> [Float] {
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
        var values = [Float](repeating: 0, count: n * features.count)
        for i in 0..<n {
            for (j, feature) in features.enumerated() {
                let value: Double = switch feature {
                case .preRR: pre[i]
                case .postRR: post[i]
                case .localRR: local[i]
                case .preRatio: local[i] > 0 ? pre[i] / local[i] : 1
                case .postRatio: local[i] > 0 ? post[i] / local[i] : 1
                }
                values[i * features.count + j] = Float(value)
            }
        }
        return values
    }
}
