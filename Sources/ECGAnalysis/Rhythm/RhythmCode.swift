/// The rhythm names the analysis can give a recording, a segment or an episode.
///
/// Each name is decided by one rule of ``RhythmClassifier`` and reported with the evidence it rests on
/// (``RhythmEvidence``); `undetermined` is given whenever that evidence is too weak for a name.
public enum RhythmCode: String, Sendable, Encodable, CaseIterable {
    case sinusRhythm = "sinus_rhythm"
    case sinusBradycardia = "sinus_bradycardia"
    case sinusTachycardia = "sinus_tachycardia"
    case sinusArrhythmia = "sinus_arrhythmia"
    case atrialFibrillation = "atrial_fibrillation"
    case atrialFlutter = "atrial_flutter"
    case supraventricularTachycardia = "supraventricular_tachycardia"
    case junctionalRhythm = "junctional_rhythm"
    case ventricularTachycardia = "ventricular_tachycardia"
    case idioventricularRhythm = "idioventricular_rhythm"
    case atrialPaced = "atrial_paced_rhythm"
    case ventricularPaced = "ventricular_paced_rhythm"
    case dualChamberPaced = "dual_chamber_paced_rhythm"
    /// Paced beats (model label Q) without a stimulus that tells the chamber.
    case pacedRhythm = "paced_rhythm"
    case secondDegreeAVBlockMobitzI = "second_degree_av_block_mobitz_i"
    case secondDegreeAVBlockMobitzII = "second_degree_av_block_mobitz_ii"
    /// Every other P wave blocked: second-degree block whose type (I or II) a 2:1 ratio cannot show.
    case secondDegreeAVBlock2To1 = "second_degree_av_block_2_to_1"
    case completeAVBlock = "complete_av_block"
    case ventricularBigeminy = "ventricular_bigeminy"
    case ventricularTrigeminy = "ventricular_trigeminy"
    /// Episodes only: an RR interval longer than the pause threshold.
    case pause
    case undetermined

    /// Human-readable name.
    public var label: String {
        switch self {
        case .sinusRhythm: "Sinus rhythm"
        case .sinusBradycardia: "Sinus bradycardia"
        case .sinusTachycardia: "Sinus tachycardia"
        case .sinusArrhythmia: "Sinus arrhythmia"
        case .atrialFibrillation: "Atrial fibrillation"
        case .atrialFlutter: "Atrial flutter"
        case .supraventricularTachycardia: "Supraventricular tachycardia"
        case .junctionalRhythm: "Junctional rhythm"
        case .ventricularTachycardia: "Ventricular tachycardia"
        case .idioventricularRhythm: "Idioventricular rhythm"
        case .atrialPaced: "Atrial paced rhythm"
        case .ventricularPaced: "Ventricular paced rhythm"
        case .dualChamberPaced: "Dual-chamber paced rhythm"
        case .pacedRhythm: "Paced rhythm"
        case .secondDegreeAVBlockMobitzI: "Second-degree AV block, Mobitz I (Wenckebach)"
        case .secondDegreeAVBlockMobitzII: "Second-degree AV block, Mobitz II"
        case .secondDegreeAVBlock2To1: "Second-degree AV block, 2:1 conduction"
        case .completeAVBlock: "Complete (third-degree) AV block"
        case .ventricularBigeminy: "Ventricular bigeminy"
        case .ventricularTrigeminy: "Ventricular trigeminy"
        case .pause: "Pause"
        case .undetermined: "Undetermined rhythm"
        }
    }

    /// ``label`` inside a sentence: its first letter in lower case, abbreviations and names kept ("second-degree AV
    /// block, Mobitz II").
    public var labelInSentence: String { label.prefix(1).lowercased() + label.dropFirst() }

    /// A pacemaker drives the ventricles: ventricular, dual-chamber, or paced with the chamber not known. The QRS is
    /// then the paced complex, not the heart's own conduction.
    public var pacesVentricles: Bool {
        switch self {
        case .ventricularPaced, .dualChamberPaced, .pacedRhythm: true
        default: false
        }
    }

    /// A pacemaker drives the atria: atrial, dual-chamber, or paced with the chamber not known. The PR interval is
    /// then the device's programmed AV delay.
    public var pacesAtria: Bool {
        switch self {
        case .atrialPaced, .dualChamberPaced, .pacedRhythm: true
        default: false
        }
    }

    /// The family a rhythm belongs to (for summaries and scoring).
    public var family: RhythmFamily {
        switch self {
        case .sinusRhythm, .sinusBradycardia, .sinusTachycardia, .sinusArrhythmia: .sinus
        case .atrialFibrillation: .atrialFibrillation
        case .atrialFlutter: .atrialFlutter
        case .supraventricularTachycardia, .junctionalRhythm: .supraventricular
        case .ventricularTachycardia, .idioventricularRhythm: .ventricular
        case .atrialPaced, .ventricularPaced, .dualChamberPaced, .pacedRhythm: .paced
        case .secondDegreeAVBlockMobitzI, .secondDegreeAVBlockMobitzII, .secondDegreeAVBlock2To1, .completeAVBlock:
            .avBlock
        case .ventricularBigeminy, .ventricularTrigeminy: .ventricularEctopy
        case .pause: .pause
        case .undetermined: .undetermined
        }
    }
}
