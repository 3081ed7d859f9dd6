/// Coarse groups of ``RhythmCode``.
public enum RhythmFamily: String, Sendable, Encodable, CaseIterable {
    case sinus, atrialFibrillation = "atrial_fibrillation", atrialFlutter = "atrial_flutter"
    case supraventricular, ventricular, paced, avBlock = "av_block", ventricularEctopy = "ventricular_ectopy", pause
    case undetermined
}
