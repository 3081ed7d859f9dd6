/// Beats per AAMI class (``AAMIClass``).
public struct BeatClassCounts: Sendable, Codable, Equatable {
    public var total = 0
    /// N: normal, bundle-branch block, escape.
    public var normal = 0
    /// S: supraventricular ectopic.
    public var supraventricular = 0
    /// V: ventricular ectopic.
    public var ventricular = 0
    /// F: fusion.
    public var fusion = 0
    /// Q: paced or unclassifiable.
    public var unknown = 0

    public init() {}

    mutating func add(_ aami: AAMIClass) {
        total += 1
        switch aami {
        case .normal: normal += 1
        case .supraventricular: supraventricular += 1
        case .ventricular: ventricular += 1
        case .fusion: fusion += 1
        case .unknown: unknown += 1
        }
    }
}
