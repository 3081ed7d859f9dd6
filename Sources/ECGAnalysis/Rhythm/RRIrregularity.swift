import Foundation

/// How irregular the RR series of conducted (normal and supraventricular) beats is.
public struct RRIrregularity: Sendable, Encodable, Equatable {
    /// RR intervals used (both beats AAMI N or S, 0.25-2.5 s).
    public var intervals: Int
    /// Coefficient of variation: SD / mean.
    @ExplicitNull public var coefficientOfVariation: Double? = nil
    /// RMSSD / mean RR.
    @ExplicitNull public var normalisedRMSSD: Double? = nil
    /// Shannon entropy of the 16-bin RR histogram, normalised to 0…1 (after dropping the 8 most extreme intervals).
    @ExplicitNull public var shannonEntropy: Double? = nil
    /// Turning points / (n - 2); about 2/3 for a random series.
    @ExplicitNull public var turningPointRatio: Double? = nil

    /// Fewest intervals needed for the measures.
    static let minimumIntervals = 8

    /// Measures of the RR intervals between consecutive conducted beats.
    init(beats: [ClassifiedBeat]) {
        let conducted: Set<AAMIClass> = [.normal, .supraventricular]
        var rr: [Double] = []
        for i in beats.indices.dropFirst() {
            guard conducted.contains(beats[i - 1].aami), conducted.contains(beats[i].aami) else { continue }
            let interval = beats[i].time - beats[i - 1].time
            if interval >= 0.25, interval <= 2.5 { rr.append(interval) }
        }
        self.init(rr: rr)
    }

    init(rr: [Double]) {
        intervals = rr.count
        guard rr.count >= Self.minimumIntervals else { return }
        let mean = rr.reduce(0, +) / Double(rr.count)
        let variance = rr.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rr.count - 1)
        coefficientOfVariation = (variance.squareRoot() / mean).rounded(toPlaces: 4)
        var squares = 0.0
        for i in 1..<rr.count { squares += (rr[i] - rr[i - 1]) * (rr[i] - rr[i - 1]) }
        normalisedRMSSD = ((squares / Double(rr.count - 1)).squareRoot() / mean).rounded(toPlaces: 4)
        var turning = 0
        for i in 1..<(rr.count - 1) where (rr[i] - rr[i - 1]) * (rr[i + 1] - rr[i]) < 0 { turning += 1 }
        turningPointRatio = (Double(turning) / Double(rr.count - 2)).rounded(toPlaces: 4)
        shannonEntropy = Self.entropy(rr).rounded(toPlaces: 4)
    }

    /// Dash et al. (2009): drop the 8 most extreme intervals, 16 equal bins between min and max, entropy / log(16).
    static func entropy(_ rr: [Double]) -> Double {
        var sorted = rr.sorted()
        if sorted.count > 16 { sorted = Array(sorted[4..<(sorted.count - 4)]) }
        guard let low = sorted.first, let high = sorted.last, high > low else { return 0 }
        var bins = [Int](repeating: 0, count: 16)
        for value in sorted { bins[min(15, Int((value - low) / (high - low) * 16))] += 1 }
        var entropy = 0.0
        for count in bins where count > 0 {
            let p = Double(count) / Double(sorted.count)
            entropy -= p * log(p)
        }
        return entropy / log(16.0)
    }
}
