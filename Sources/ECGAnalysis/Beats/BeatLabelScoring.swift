/// Beat-label scoring: detected, labelled beats against labelled reference beats (ANSI/AAMI EC57 style), matched
/// by `BeatMatcher` (both lists ascending).
public enum BeatLabelScoring {
    /// Confusion counts: rows reference AAMI class, columns detected AAMI class, plus missed reference beats and
    /// unmatched detections per detected class.
    public struct Confusion: Sendable, Equatable {
        public var counts: [AAMIClass: [AAMIClass: Int]] = [:]
        public var missed: [AAMIClass: Int] = [:]
        public var extra: [AAMIClass: Int] = [:]

        public init() {}

        public mutating func add(reference: [(sample: Int, aami: AAMIClass)], detected: [(sample: Int, aami: AAMIClass)], tolerance: Int) {
            let pairs = BeatMatcher.pairs(reference: reference.map(\.sample), detected: detected.map(\.sample), tolerance: tolerance)
            var used = [Bool](repeating: false, count: detected.count)
            for (i, pair) in pairs.enumerated() {
                if let j = pair {
                    used[j] = true
                    counts[reference[i].aami, default: [:]][detected[j].aami, default: 0] += 1
                } else {
                    missed[reference[i].aami, default: 0] += 1
                }
            }
            for (j, isUsed) in used.enumerated() where !isUsed { extra[detected[j].aami, default: 0] += 1 }
        }

        /// Correct / all reference beats of `c` (missed beats count against it).
        public func sensitivity(_ c: AAMIClass) -> Double? {
            let row = counts[c, default: [:]].values.reduce(0, +) + missed[c, default: 0]
            return row > 0 ? Double(counts[c]?[c] ?? 0) / Double(row) : nil
        }

        /// Correct labels / all reference beats (missed beats count against it); nil without reference beats.
        public var accuracy: Double? {
            let matched = counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }
            let total = matched + missed.values.reduce(0, +)
            let correct = AAMIClass.allCases.reduce(0) { $0 + (counts[$1]?[$1] ?? 0) }
            return total > 0 ? Double(correct) / Double(total) : nil
        }

        /// Correct / all detections labelled `c` (unmatched detections count against it).
        public func positivePredictivity(_ c: AAMIClass) -> Double? {
            let column = AAMIClass.allCases.reduce(0) { $0 + (counts[$1]?[c] ?? 0) } + extra[c, default: 0]
            return column > 0 ? Double(counts[c]?[c] ?? 0) / Double(column) : nil
        }
    }
}
