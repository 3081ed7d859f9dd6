/// How the beat labels were read (`beat_reading` in the result): the lead the model classified, the leads whose QRS
/// shapes the dominant-beat check compared, and how many V labels that check read as normal.
///
/// The bundled model classifies one lead (``SignalSummary/lead``). When the recording has more leads, every other
/// usable lead joins the dominant-beat check: a V label reads as normal only when the beat has the normal beats' QRS
/// shape in each lead compared, which lets the check accept a lower correlation than the analysed lead alone would
/// (0.90 against 0.97; `docs/ACCURACY.md`).
public struct BeatReading: Sendable, Encodable, Equatable {
    /// The lead the beat model classified.
    public var modelLead: String
    /// The leads the dominant-beat check compared, the analysed lead first; empty when it had nothing to compare (no
    /// V label, fewer than 20 normal beats, or a model without a normal label).
    public var shapeLeads: [String]
    /// V labels read as normal: on-time beats with the QRS shape of the recording's normal beats in every lead
    /// compared (`beats[].model_label` keeps the model's label).
    public var ventricularReadAsNormal: Int

    public init(modelLead: String, shapeLeads: [String], ventricularReadAsNormal: Int) {
        self.modelLead = modelLead
        self.shapeLeads = shapeLeads
        self.ventricularReadAsNormal = ventricularReadAsNormal
    }
}
