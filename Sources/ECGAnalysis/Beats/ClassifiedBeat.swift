import Foundation

/// The AAMI EC57 heartbeat classes that rhythm and ectopy rules reason about.
public enum AAMIClass: String, Sendable, Encodable, CaseIterable {
    /// Normal and bundle-branch-block beats, escape beats (MIT-BIH N, L, R, e, j).
    case normal = "N"
    /// Supraventricular ectopic beats (A, a, J, S).
    case supraventricular = "S"
    /// Ventricular ectopic beats (V, E).
    case ventricular = "V"
    /// Fusion of ventricular and normal (F).
    case fusion = "F"
    /// Paced or unclassifiable (/, f, Q, P, U).
    case unknown = "Q"

    /// The AAMI class of a model label: AAMI names map to themselves, MIT-BIH beat mnemonics to their AAMI class,
    /// anything else to `unknown` (so a model with foreign label names never invents ectopy).
    public init(modelLabel: String) {
        switch modelLabel.trimmingCharacters(in: .whitespaces) {
        case "N", "L", "R", "e", "j", "B", "n": self = .normal
        case "S", "A", "a", "J": self = .supraventricular
        case "V", "E", "r": self = .ventricular
        case "F": self = .fusion
        default: self = .unknown
        }
    }
}

/// One heartbeat: where it is, and what the model called it.
public struct ClassifiedBeat: Sendable, Equatable {
    /// R-peak index in the input's own sampling.
    public var sample: Int
    /// R-peak time from the start of the recording, seconds.
    public var time: Double
    /// The beat's label (a `label_classes` entry): the model's, unless the recording changed how it reads (a V beat
    /// shaped like the normal beats and on time, an S beat inside atrial fibrillation or flutter), and then
    /// ``modelLabel`` keeps the model's.
    public var label: String
    /// The model's probability for its own label (``modelLabel`` when set, else `label`), 0…1.
    public var probability: Float
    /// `label` mapped to its AAMI class.
    public var aami: AAMIClass
    /// The model's label when `label` is not it; nil otherwise.
    public var modelLabel: String?

    public init(sample: Int, time: Double, label: String, probability: Float) {
        self.sample = sample
        self.time = time
        self.label = label
        self.probability = probability
        self.aami = AAMIClass(modelLabel: label)
    }

    /// This beat read as `label`, the model's label kept in ``modelLabel``.
    func relabelled(_ label: String) -> ClassifiedBeat {
        var beat = self
        beat.modelLabel = modelLabel ?? self.label
        beat.label = label
        beat.aami = AAMIClass(modelLabel: label)
        return beat
    }
}
