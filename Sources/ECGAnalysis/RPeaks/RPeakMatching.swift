/// Beat-by-beat comparison of detected R peaks with reference annotations, as ANSI/AAMI EC57 and WFDB `bxb` do:
/// each reference beat matches at most one detection within the tolerance window (closest pairs first), unmatched
/// references are false negatives, unmatched detections false positives. Detections inside excluded intervals
/// (ventricular flutter/fibrillation episodes, which EC57 leaves out of QRS detection scoring) are not counted.
public struct BeatMatchResult: Sendable, Equatable, Codable {
    public var truePositives: Int
    public var falseNegatives: Int
    public var falsePositives: Int
    /// Detections ignored because they fall inside an excluded interval.
    public var excludedDetections: Int

    public init(truePositives: Int = 0, falseNegatives: Int = 0, falsePositives: Int = 0, excludedDetections: Int = 0) {
        self.truePositives = truePositives
        self.falseNegatives = falseNegatives
        self.falsePositives = falsePositives
        self.excludedDetections = excludedDetections
    }

    /// Sensitivity TP / (TP + FN), 0…1 (1 when there is no reference beat).
    public var sensitivity: Double {
        truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives)
    }

    /// Positive predictivity TP / (TP + FP), 0…1 (1 when nothing was detected).
    public var positivePredictivity: Double {
        truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
    }

    public static func + (lhs: BeatMatchResult, rhs: BeatMatchResult) -> BeatMatchResult {
        BeatMatchResult(
            truePositives: lhs.truePositives + rhs.truePositives,
            falseNegatives: lhs.falseNegatives + rhs.falseNegatives,
            falsePositives: lhs.falsePositives + rhs.falsePositives,
            excludedDetections: lhs.excludedDetections + rhs.excludedDetections)
    }
}

public enum BeatMatcher {
    /// A scored comparison with the samples of its errors.
    public struct Comparison: Sendable {
        public var result: BeatMatchResult
        /// Reference beats no detection matched (false negatives), ascending.
        public var missed: [Int]
        /// Counted detections that matched no reference beat (false positives), ascending.
        public var extra: [Int]
    }

    /// Matches `detected` against `reference` (sample indices, any order) within `tolerance` samples.
    public static func match(
        reference: [Int], detected: [Int], tolerance: Int, excluding excluded: [ClosedRange<Int>] = []
    ) -> BeatMatchResult {
        compare(reference: reference, detected: detected, tolerance: tolerance, excluding: excluded).result
    }

    /// As `match`, also listing the unmatched samples.
    public static func compare(
        reference: [Int], detected: [Int], tolerance: Int, excluding excluded: [ClosedRange<Int>] = []
    ) -> Comparison {
        let references = reference.sorted()
        var detections: [Int] = []
        var excludedCount = 0
        for d in detected.sorted() {
            if excluded.contains(where: { $0.contains(d) }) { excludedCount += 1 } else { detections.append(d) }
        }
        let pairs = closestPairs(references: references, detections: detections, tolerance: tolerance)
        var referenceMatched = [Bool](repeating: false, count: references.count)
        var detectionMatched = [Bool](repeating: false, count: detections.count)
        for (r, d) in pairs {
            referenceMatched[r] = true
            detectionMatched[d] = true
        }
        let matches = pairs.count
        let result = BeatMatchResult(
            truePositives: matches, falseNegatives: references.count - matches,
            falsePositives: detections.count - matches, excludedDetections: excludedCount)
        return Comparison(
            result: result,
            missed: references.indices.filter { !referenceMatched[$0] }.map { references[$0] },
            extra: detections.indices.filter { !detectionMatched[$0] }.map { detections[$0] })
    }

    /// The matching itself, for labelled scoring: per reference beat, the index of its detection or nil.
    /// Both lists must be ascending.
    public static func pairs(reference: [Int], detected: [Int], tolerance: Int) -> [Int?] {
        var result = [Int?](repeating: nil, count: reference.count)
        for (r, d) in closestPairs(references: reference, detections: detected, tolerance: tolerance) { result[r] = d }
        return result
    }

    /// One-to-one pairs (reference index, detection index) within `tolerance`, closest pairs first
    /// (ties: earlier reference, then earlier detection). Both lists ascending.
    private static func closestPairs(references: [Int], detections: [Int], tolerance: Int) -> [(Int, Int)] {
        var candidates: [(distance: Int, reference: Int, detection: Int)] = []
        var low = 0
        for (r, sample) in references.enumerated() {
            while low < detections.count, detections[low] < sample - tolerance { low += 1 }
            var j = low
            while j < detections.count, detections[j] <= sample + tolerance {
                candidates.append((abs(detections[j] - sample), r, j))
                j += 1
            }
        }
        candidates.sort { ($0.distance, $0.reference, $0.detection) < ($1.distance, $1.reference, $1.detection) }
        var referenceMatched = [Bool](repeating: false, count: references.count)
        var detectionMatched = [Bool](repeating: false, count: detections.count)
        var pairs: [(Int, Int)] = []
        for pair in candidates where !referenceMatched[pair.reference] && !detectionMatched[pair.detection] {
            referenceMatched[pair.reference] = true
            detectionMatched[pair.detection] = true
            pairs.append((pair.reference, pair.detection))
        }
        return pairs
    }

    /// Ventricular flutter/fibrillation episodes: from each `[` annotation to the next `]` (or `recordEnd`).
    public static func flutterEpisodes(_ annotations: [WFDBAnnotation], recordEnd: Int) -> [ClosedRange<Int>] {
        var episodes: [ClosedRange<Int>] = []
        var start: Int?
        for annotation in annotations {
            if annotation.symbol == "[" {
                start = start ?? annotation.sample
            } else if annotation.symbol == "]", let open = start {
                episodes.append(open...max(open, annotation.sample))
                start = nil
            }
        }
        if let open = start { episodes.append(open...max(open, recordEnd)) }
        return episodes
    }
}
