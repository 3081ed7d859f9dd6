import Foundation

/// Rule-based rhythm classification. Each rule reads ``RhythmEvidence`` only; the first rule that holds names the
/// rhythm, and its wording (with the measured values) becomes `rule` in the result. Order:
/// 1. fewer than 3 beats → undetermined;
/// 2. paced: ≥ 50 % of beats paced (stimulus without sinus P waves, or model label Q) → atrial / ventricular / dual chamber by where the
///    stimuli sit, else paced (chamber not determined); an inverted median-beat P wave on a lead where a sinus P wave
///    is upright (``SinusPWaveLeads``) is not a sinus one;
/// 3. ventricular bigeminy / trigeminy covering ≥ 50 % of beats;
/// 4. ≥ 50 % ventricular beats → ventricular tachycardia (rate ≥ 100 bpm) or, without sinus P waves,
///    idioventricular rhythm, when those beats keep one shape (median correlation with their median beat ≥ 0.6);
///    beats of changing shape (artefact, or polymorphic activity the rules cannot tell from it) → undetermined;
/// 4a. paced morphology without visible stimuli: one constant QRS shape at a fixed rate of 50-110 bpm, no upright
///    P wave on the median beat, and atrial activity absent or dissociated → ventricular paced rhythm;
/// 5. organised atrial waves (3.5-7 Hz, faster than the ventricles) → atrial flutter;
/// 6. irregular RR without convincing P waves, or very irregular RR with P waves before < 60 % of beats →
///    atrial fibrillation, unless P waves before ≥ 30 % of beats keep a steady PR (SD ≤ 25 ms), which also makes
///    P waves convincing for the rules below and rules out 4a;
/// 7. regular, narrow QRS, no P waves → supraventricular tachycardia (≥ 100 bpm) or junctional rhythm;
/// 8. P waves: complete AV block (PR scattered, slow regular QRS), 2:1 AV block (a P wave midway between conducted
///    ones before ≥ 70 % of a slow regular QRS rhythm's beats, ``BlockedPWaves``), Mobitz I / II (dropped beats with
///    lengthening / constant PR and, where the gaps were searched, a P wave in at least half of them), sinus
///    arrhythmia (NN range > 240 ms), sinus bradycardia (< 50 bpm) / tachycardia / rhythm;
/// 9. anything else → undetermined.
///
/// A sinus name then carries a first-degree AV block when the PR is long and steady (``FirstDegreeAVBlock``): a
/// property of the conduction, reported beside the rhythm rather than instead of it.
enum RhythmClassifier {
    /// Irregularly irregular RR when both hold: RMSSD / mean RR ≥ this …
    static let irregularNRMSSD = 0.10
    /// … and normalised Shannon entropy ≥ this. Without any P-wave evidence the stricter pair below is required.
    static let irregularEntropy = 0.55
    static let strictNRMSSD = 0.15
    static let strictEntropy = 0.70
    /// Very irregular RR: with it, P waves before too few beats do not count as sinus activity.
    static let veryIrregularNRMSSD = 0.25
    /// With strongly irregular RR, a median-beat P wave this small (mV) is not taken as sinus activity.
    static let weakPWave = 0.07
    /// Without a median-beat verdict, P waves are convincing when at least this share of conducted beats has one …
    static let pPresentRatioAlone = 0.6
    /// … and against a median beat without P wave, at least this share.
    static let pOverrulesMedian = 0.5
    /// P waves are absent when fewer than this share of conducted beats has one.
    static let pAbsentRatio = 0.3
    /// P waves before at least ``pAbsentRatio`` of the beats with a PR SD (ms) at most this are conducted atrial
    /// activity (``steadyPR(_:)``).
    static let conductedPRSD = 25.0
    /// A slow ventricular rate (complete AV block).
    static let bradycardia = 60.0
    /// Sinus bradycardia below this rate: the 2018 ACC/AHA/HRS bradycardia guideline's < 50 bpm; PTB-XL readers call
    /// 50-60 bpm sinus rhythm.
    static let sinusBradycardia = 50.0
    static let tachycardia = 100.0
    static let pacedFraction = 0.5
    static let ventricularFraction = 0.5
    /// Ventricular beats of one shape (``RhythmEvidence/ventricularShapeConsistency`` at least this) make a
    /// ventricular rhythm; below it they are more likely artefact.
    static let ventricularConsistency = 0.6
    static let patternFraction = 0.5
    static let flutterOrganisation = 0.7
    /// Atrial waves faster than the ventricles: atrial frequency / ventricular rate at least this.
    static let flutterAVRatio = 1.5
    static let wideQRS = 120.0
    /// Paced morphology (``PacedMorphology``): median QRS-shape correlation at least …
    static let pacedConsistency = 0.98
    /// … RR intervals within 3 % of the median at least this share …
    static let pacedFixedRate = 0.4
    /// … at a rate within this range (bpm) …
    static let pacedRate = 50.0...110.0
    /// … with P waves before fewer than this share of beats, or a PR SD (ms) at least ``pacedDissociatedPRSD``.
    static let pacedPAbsent = 0.4
    static let pacedDissociatedPRSD = 50.0
    static let sinusArrhythmiaRange = 240.0
    static let prSteady = 40.0
    static let dissociatedPRSD = 80.0
    static let wenckebachPRChange = 40.0
    static let minimumDroppedBeats = 2
    /// 2:1 AV block: a blocked P wave between at least this share of beat pairs …
    static let blockedPFraction = 0.7
    /// … over at least this many pairs.
    static let minimumBlockedPairs = 4
    /// Mobitz I / II: a blocked P wave in at least this share of the dropped beats' gaps (when they were searched).
    static let gapPFraction = 0.5
    /// Episode windows, seconds; recordings longer than ``dominantAfter`` take the rhythm covering most of their time.
    static let window = 10.0
    static let dominantAfter = 60.0

    /// The assessment of a whole recording: rhythm, evidence, ectopy, runs, pauses, episodes and AF burden.
    static func classify(_ input: RhythmInput) -> RhythmAssessment {
        let beats = input.beats
        let stimuli = input.raw.isEmpty
            ? [] : PacingSpikes.detect(input.raw, sampleRate: input.rawRate, rPeaks: beats.map(\.sample))
        let shapes = input.peaks.count == beats.count
            ? PacedMorphology.snippets(signal: input.signal, sampleRate: input.sampleRate, peaks: input.peaks) : []
        let features = BeatFeatures.make(
            beats: beats, waves: input.waves, waveRate: input.sampleRate, stimuli: stimuli, shapes: shapes,
            pWaveFromOtherLead: input.pWaveFromOtherLead)
        let looked = !stimuli.isEmpty
        // Beyond one minute the headline comes from the episodes, which carry their own flutter-wave analysis; the
        // whole-recording spectrum would only cost time on long recordings.
        let long = (beats.last?.time ?? 0) - (beats.first?.time ?? 0) > dominantAfter
        let evidence = evidence(
            input, features: features, range: features.indices, stimuliLooked: looked, median: true, flutterWaves: !long)
        var (code, rule) = decide(evidence)
        let episodes = episodes(input, features: features, stimuliLooked: looked, whole: (code, rule, evidence))
        let total = (beats.last?.time ?? 0) - (beats.first?.time ?? 0)
        var block = firstDegreeAVBlock(code, evidence)
        if total > dominantAfter {
            var cover: [RhythmCode: Double] = [:]
            for e in episodes where e.code != .pause { cover[e.code, default: 0] += e.durationS }
            if let top = cover.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }) {
                code = top.key
                rule = "the rhythm of the episodes covering most of the recording (\((top.value * 100 / total).rounded(toPlaces: 1)) % of \(total.rounded(toPlaces: 1)) s; \(Int(window))-s windows)"
                // The headline carries a block when that rhythm's episodes with one cover most of its time (the
                // longest one's).
                let blocked = episodes.filter { $0.code == top.key && $0.firstDegreeAVBlock != nil }
                block = 2 * blocked.reduce(0) { $0 + $1.durationS } > top.value
                    ? blocked.max { $0.durationS < $1.durationS }?.firstDegreeAVBlock : nil
            }
        }
        let afTime = episodes.filter { $0.code == .atrialFibrillation }.reduce(0) { $0 + $1.durationS }
        let irregularity = RRIrregularity(beats: beats)
        let inAtrialFibrillation = RhythmAssessment.inAtrialFibrillation(
            times: beats.map(\.time), code: code, episodes: episodes)
        return RhythmAssessment(
            code: code, label: FirstDegreeAVBlock.label(code.label, block: block), rule: rule,
            firstDegreeAVBlock: block, evidence: evidence, rateBPM: evidence.rateBPM,
            rrIrregularity: irregularity, irregular: isIrregular(irregularity, strict: false),
            pWavesPresent: input.pWaveOnMedianBeat,
            ectopy: EctopyPatterns.ectopy(beats, inAtrialFibrillation: inAtrialFibrillation),
            ventricularRuns: EctopyPatterns.ventricularRuns(beats), pauses: EctopyPatterns.pauses(beats),
            episodes: episodes, afBurdenPct: total > 0 ? (min(afTime, total) * 100 / total).rounded(toPlaces: 2) : 0)
    }

    /// Beats only (no signal): the rules with the median-beat P verdict and no delineation, stimuli or flutter waves.
    static func classify(beats: [ClassifiedBeat], pWavesPresent: Bool?, pAmplitude: Double? = nil) -> RhythmAssessment {
        classify(RhythmInput(beats: beats, pWaveOnMedianBeat: pWavesPresent, medianPAmplitude: pAmplitude))
    }

    static func evidence(
        _ input: RhythmInput, features: [BeatFeatures], range: Range<Int>, stimuliLooked: Bool, median: Bool,
        flutterWaves: Bool = true
    ) -> RhythmEvidence {
        var flutter: FlutterWaves?
        if flutterWaves, !input.signal.isEmpty, input.peaks.count == features.count, !range.isEmpty {
            let rr = features.count > 1 ? (features[range].last!.time - features[range].first!.time) : 0
            let rate = range.count > 1 && rr > 0 ? Double(range.count - 1) * 60 / rr : nil
            let margin = Int((0.3 * input.sampleRate).rounded())
            let low = max(0, input.peaks[range.lowerBound] - margin)
            let high = min(input.signal.count, input.peaks[range.upperBound - 1] + margin)
            if low < high {
                flutter = FlutterWaves.analyse(
                    input.signal, sampleRate: input.sampleRate, rPeaks: input.peaks, range: low..<high, ventricularRateBPM: rate)
            }
        }
        var p: (present: Bool?, amplitude: Double?) = (input.pWaveOnMedianBeat, input.medianPAmplitude)
        if !median { p = input.medianP?(range) ?? (nil, nil) }
        var evidence = RhythmEvidence(
            features: features, range: range, stimuliLooked: stimuliLooked, pWaveOnMedianBeat: p.present,
            medianPAmplitude: p.amplitude, sinusPUprightOnLead: input.sinusPUprightOnLead, flutterWaves: flutter)
        guard !input.signal.isEmpty, input.waves.count == input.peaks.count, input.peaks.count == features.count else {
            return evidence
        }
        // Blocked P waves halve the ventricular rate: searched only in a slow rhythm.
        if let rate = evidence.rateBPM, rate < bradycardia {
            evidence.blockedPWaves = BlockedPWaves.analyse(
                input.signal, sampleRate: input.sampleRate, peaks: input.peaks, waves: input.waves, range: range)
        }
        if evidence.droppedBeats > 0 {
            evidence.pWavesInGaps = BlockedPWaves.analyse(
                input.signal, sampleRate: input.sampleRate, peaks: input.peaks, waves: input.waves, range: range,
                pairs: RhythmEvidence.droppedBeatGaps(features, range: range))
        }
        return evidence
    }

    /// The first-degree AV block `evidence` shows under the rhythm `code`: looked for under sinus names only (the
    /// other names either have no conducted P waves or carry their own PR rule).
    static func firstDegreeAVBlock(_ code: RhythmCode, _ evidence: RhythmEvidence) -> FirstDegreeAVBlock? {
        code.family == .sinus ? FirstDegreeAVBlock.detect(in: evidence) : nil
    }

    static func isIrregular(_ m: RRIrregularity, strict: Bool) -> Bool {
        guard let nrmssd = m.normalisedRMSSD, let entropy = m.shannonEntropy else { return false }
        return strict
            ? nrmssd >= strictNRMSSD && entropy >= strictEntropy
            : nrmssd >= irregularNRMSSD && entropy >= irregularEntropy
    }

    /// P waves before a fair share of the beats (``pAbsentRatio``) at a steady distance from the QRS (PR SD ≤
    /// ``conductedPRSD``) are atrial activity that reaches the ventricles, however few the median beat shows: the
    /// RR irregularity is then not atrial fibrillation (where P-like deflections sit at random distances from the
    /// QRS), and a constant QRS shape is not a paced one.
    static func steadyPR(_ e: RhythmEvidence) -> Bool {
        (e.pWaveRatio ?? 0) >= pAbsentRatio && (e.prSDMs ?? .infinity) <= conductedPRSD
    }

    /// Whether atrial activity before the QRS is convincing (true), absent (false) or unclear (nil). P waves at a
    /// steady PR (``steadyPR(_:)``) are convincing; otherwise the median beat's verdict comes first; the per-beat
    /// share decides without one, or overrules a missing median P wave when P waves were delineated before at least
    /// ``pOverrulesMedian`` of the beats.
    static func pWaves(_ e: RhythmEvidence) -> Bool? {
        if steadyPR(e) { return true }
        switch (e.pWaveOnMedianBeat, e.pWaveRatio) {
        case (true?, _): return true
        case (false?, let ratio?): return ratio >= pOverrulesMedian ? true : (ratio < pAbsentRatio ? false : nil)
        case (false?, nil): return false
        case (nil, let ratio?): return ratio >= pPresentRatioAlone ? true : (ratio < pAbsentRatio ? false : nil)
        case (nil, nil): return nil
        }
    }

    static func decide(_ e: RhythmEvidence) -> (RhythmCode, String) {
        guard let rate = e.rateBPM, e.beats >= 3 else { return (.undetermined, "fewer than 3 beats") }
        let pct = { (x: Double) in "\((x * 100).rounded(toPlaces: 1)) %" }
        let p = pWaves(e)
        if e.pacedFraction >= pacedFraction {
            // A sharp deflection at the QRS in front of sinus P waves is a sharp R wave, not a ventricular stimulus;
            // stimuli before the P wave (atrial window) are atrial pacing whatever follows.
            let base = "\(pct(e.pacedFraction)) of beats paced (>= \(pct(pacedFraction)))"
            let a = e.atrialStimulusFraction ?? 0, v = e.ventricularStimulusFraction ?? 0
            let where_ = "stimuli before \(pct(a)) of beats in the atrial window, \(pct(v)) in the ventricular window"
            if a >= pacedFraction && v >= pacedFraction { return (.dualChamberPaced, base + "; " + where_) }
            if a >= pacedFraction { return (.atrialPaced, base + "; " + where_) }
            // The P waves that veto are sinus ones: on a lead where a sinus P wave is upright, an inverted
            // median-beat P wave in front of paced QRS complexes is retrograde or unrelated atrial activity.
            let invertedP = e.sinusPUprightOnLead == true && e.pWaveOnMedianBeat == true
                && (e.medianPAmplitudeMv ?? 0) < 0
            if v >= pacedFraction, p != true || invertedP {
                let atrial = invertedP ? "median-beat P wave inverted (\(e.medianPAmplitudeMv ?? 0) mV): not sinus" : "no sinus P waves"
                return (.ventricularPaced, base + "; " + where_ + "; " + atrial)
            }
            let labelled = e.pacedFraction - max(a, v)
            if labelled >= pacedFraction { return (.pacedRhythm, base + " by the beat model (label Q); the chamber is not determined") }
        }
        if e.bigeminyFraction >= patternFraction {
            return (.ventricularBigeminy, "\(pct(e.bigeminyFraction)) of beats in (normal, ventricular) cycles (>= \(pct(patternFraction)))")
        }
        if e.trigeminyFraction >= patternFraction {
            return (.ventricularTrigeminy, "\(pct(e.trigeminyFraction)) of beats in (normal, normal, ventricular) cycles (>= \(pct(patternFraction)))")
        }
        if e.ventricularFraction >= ventricularFraction {
            let base = "\(pct(e.ventricularFraction)) of beats ventricular (>= \(pct(ventricularFraction))), rate \(rate) bpm"
            // A slow rhythm of beats the model calls ventricular, but with sinus P waves in front of them, is more
            // likely conducted beats with a bundle-branch block: not named idioventricular.
            let named: (RhythmCode, String)? = rate >= tachycardia
                ? (.ventricularTachycardia, base + " >= \(Int(tachycardia))")
                : p != true ? (.idioventricularRhythm, base + " < \(Int(tachycardia)), no sinus P waves") : nil
            if let named {
                if let c = e.ventricularShapeConsistency, c < ventricularConsistency {
                    return (.undetermined, base + "; the ventricular beats change shape from beat to beat (median correlation with their median beat \(c) < \(ventricularConsistency)): artefact or polymorphic ventricular activity, not named")
                }
                return named
            }
        }
        if let paced = pacedByMorphology(e, rate: rate) { return paced }
        let m = e.rrIrregularity
        let irregular = isIrregular(m, strict: false), strict = isIrregular(m, strict: true)
        let rr = "RMSSD/mean RR \(m.normalisedRMSSD.map { "\($0)" } ?? "n/a"), entropy \(m.shannonEntropy.map { "\($0)" } ?? "n/a")"
        let pText = "P waves on \(e.pWaveRatio.map(pct) ?? "n/a") of conducted beats, median beat \(e.pWaveOnMedianBeat.map { $0 ? "P" : "no P" } ?? "not assessed")"
        if let f = e.flutterWaves, f.organisation >= flutterOrganisation, (f.avRatio ?? 0) >= flutterAVRatio {
            // Flutter waves are regular enough to pass for P waves on the per-beat delineation, so P waves do not veto.
            return (.atrialFlutter, "organised atrial waves at \(f.frequencyHz) Hz (\(Int((f.frequencyHz * 60).rounded()))/min; organisation \(f.organisation) >= \(flutterOrganisation); atrial/ventricular ratio \(f.avRatio ?? 0) >= \(flutterAVRatio))")
        }
        if !steadyPR(e) {
            if irregular && (p == false || e.pWaveOnMedianBeat == false) {
                return (.atrialFibrillation, "irregular RR (\(rr); >= \(irregularNRMSSD) and >= \(irregularEntropy)) without P waves (\(pText))")
            }
            if strict && p == nil {
                return (.atrialFibrillation, "strongly irregular RR (\(rr); >= \(strictNRMSSD) and >= \(strictEntropy)) and P waves unclear (\(pText))")
            }
            if strict, (m.normalisedRMSSD ?? 0) >= veryIrregularNRMSSD, let ratio = e.pWaveRatio, ratio < pPresentRatioAlone {
                return (.atrialFibrillation, "very irregular RR (\(rr); RMSSD/mean RR >= \(veryIrregularNRMSSD), entropy >= \(strictEntropy)) and P waves before fewer than \(pct(pPresentRatioAlone)) of beats (\(pText))")
            }
            if strict, e.pWaveOnMedianBeat == true, let amplitude = e.medianPAmplitudeMv, abs(amplitude) < weakPWave {
                return (.atrialFibrillation, "strongly irregular RR (\(rr)) and only a weak P-like deflection (\(amplitude) mV < \(weakPWave)) on the median beat")
            }
        }
        let narrow = (e.qrsMedianMs ?? 0) < wideQRS
        let qrsText = e.qrsMedianMs.map { "QRS \($0) ms" } ?? "QRS not measured"
        if p == false && !irregular {
            guard m.intervals >= RRIrregularity.minimumIntervals else {
                return (.undetermined, "no P waves (\(pText)); too few RR intervals to judge regularity")
            }
            guard narrow else { return (.undetermined, "regular wide-QRS rhythm (\(qrsText) >= \(Int(wideQRS))) without P waves (\(pText))") }
            let base = "regular RR (\(rr)), narrow QRS (\(qrsText)), no P waves (\(pText)), rate \(rate) bpm"
            return rate >= tachycardia
                ? (.supraventricularTachycardia, base + " >= \(Int(tachycardia))") : (.junctionalRhythm, base + " < \(Int(tachycardia))")
        }
        guard p == true else { return (.undetermined, "P waves unclear (\(pText)) and RR not decisive (\(rr))") }
        let prText = "PR \(e.prMeanMs.map { "\($0)" } ?? "n/a") ± \(e.prSDMs.map { "\($0)" } ?? "n/a") ms"
        if let sd = e.prSDMs, sd >= dissociatedPRSD, !irregular, rate < bradycardia {
            return (.completeAVBlock, "P waves at scattered distances before a slow regular QRS (\(prText); SD >= \(Int(dissociatedPRSD)) ms; rate \(rate) bpm < \(Int(bradycardia)))")
        }
        if let b = e.blockedPWaves, b.pairs >= minimumBlockedPairs, b.fraction >= blockedPFraction, !irregular,
           rate < bradycardia {
            return (.secondDegreeAVBlock2To1, "a P wave midway between conducted P waves with no QRS after it in \(pct(b.fraction)) of \(b.pairs) beat pairs (>= \(pct(blockedPFraction)); median template correlation \(b.medianCorrelation)), regular RR (\(rr)), rate \(rate) bpm < \(Int(bradycardia)); conducted beats: \(prText)")
        }
        // A dropped beat is a blocked P wave only when a P wave shows in the gap; without one it is a sinus pause.
        let gapsShowP = e.pWavesInGaps.map { $0.fraction >= gapPFraction } ?? true
        if e.droppedBeats >= minimumDroppedBeats, gapsShowP, let change = e.prChangeAcrossDropsMs {
            let gapText = e.pWavesInGaps.map { "; a P wave in \(pct($0.fraction)) of the gaps (>= \(pct(gapPFraction)))" }
                ?? "; gaps not searched for P waves"
            let base = "\(e.droppedBeats) dropped beats (RR 1.5-2.4 × the median NN) with P waves (\(pText))" + gapText
            if change >= wenckebachPRChange {
                return (.secondDegreeAVBlockMobitzI, base + "; PR \(change) ms longer before the gap than after it (>= \(Int(wenckebachPRChange)))")
            }
            if abs(change) < wenckebachPRChange / 2, let sd = e.prSDMs, sd < prSteady {
                return (.secondDegreeAVBlockMobitzII, base + "; PR constant across the gaps (change \(change) ms, \(prText))")
            }
        }
        let basis = "P waves (\(pText)); rate \(rate) bpm"
        if let range = e.nnRangeMs, range > sinusArrhythmiaRange {
            return (.sinusArrhythmia, basis + "; NN range \(range) ms > \(Int(sinusArrhythmiaRange))")
        }
        if rate < sinusBradycardia { return (.sinusBradycardia, basis + " < \(Int(sinusBradycardia))") }
        if rate > tachycardia { return (.sinusTachycardia, basis + " > \(Int(tachycardia))") }
        return (.sinusRhythm, basis + " within \(Int(sinusBradycardia))-\(Int(tachycardia))")
    }

    /// Ventricular pacing where no stimulus is visible (360 Hz smears it): a QRS of one constant shape
    /// (``pacedConsistency``) at a fixed rate (``pacedFixedRate`` of RR within 3 % of the median, rate in
    /// ``pacedRate``), no upright P wave on the median beat (a sinus P wave is upright in II and V5), and atrial activity
    /// absent (P waves before fewer than ``pacedPAbsent`` of beats) or unrelated to the QRS (PR SD ≥
    /// ``pacedDissociatedPRSD`` ms). nil when any part is missing.
    static func pacedByMorphology(_ e: RhythmEvidence, rate: Double) -> (RhythmCode, String)? {
        let m = e.pacedMorphology
        guard let consistency = m.consistency, consistency >= pacedConsistency, m.fixedRateFraction >= pacedFixedRate,
              pacedRate.contains(rate) else { return nil }
        let uprightP = e.pWaveOnMedianBeat == true && (e.medianPAmplitudeMv ?? 1) > 0
        guard !uprightP, !steadyPR(e) else { return nil }
        let absent = (m.pWaveRatio ?? 1) < pacedPAbsent
        let dissociated = (m.prSDMs ?? 0) >= pacedDissociatedPRSD
        guard absent || dissociated else { return nil }
        let pText = "P waves before \(m.pWaveRatio.map { "\(($0 * 100).rounded(toPlaces: 1)) %" } ?? "n/a") of beats, PR SD \(m.prSDMs.map { "\($0) ms" } ?? "n/a")"
        let atrial = absent ? "atrial activity absent (\(pText); < \(Int(pacedPAbsent * 100)) %)" : "atrial activity dissociated (\(pText); SD >= \(Int(pacedDissociatedPRSD)) ms)"
        let median = e.pWaveOnMedianBeat == true
            ? "median-beat P wave inverted (\(e.medianPAmplitudeMv ?? 0) mV)" : "no P wave on the median beat"
        return (.ventricularPaced, "paced morphology without visible stimuli: one QRS shape (median correlation \(consistency) >= \(pacedConsistency)), fixed rate (\((m.fixedRateFraction * 100).rounded(toPlaces: 1)) % of RR within 3 % of \(m.rrMedianMs.map { "\($0)" } ?? "n/a") ms, >= \(Int(pacedFixedRate * 100)) %; rate \(rate) bpm in \(Int(pacedRate.lowerBound))-\(Int(pacedRate.upperBound))), \(median), \(atrial)")
    }

    /// Consecutive ``window``-second steps, each classified on the beats of itself and its two neighbours, joined while
    /// the rhythm stays; pauses added where they occur. A recording of one window or less is one episode with the whole-recording result.
    static func episodes(
        _ input: RhythmInput, features: [BeatFeatures], stimuliLooked: Bool,
        whole: (code: RhythmCode, rule: String, evidence: RhythmEvidence)
    ) -> [RhythmEpisode] {
        guard let first = features.first?.time, let last = features.last?.time, last > first else { return [] }
        var windows: [(range: Range<Int>, code: RhythmCode, rule: String, block: FirstDegreeAVBlock?)] = []
        if last - first <= 1.5 * window {
            windows = [(features.indices, whole.code, whole.rule, firstDegreeAVBlock(whole.code, whole.evidence))]
        } else {
            var blocks: [Range<Int>] = []
            var start = 0
            while start < features.count {
                var end = start
                while end < features.count, features[end].time < features[start].time + window { end += 1 }
                // Leave no short tail: a last piece under half a window joins this one.
                if end < features.count, features[features.count - 1].time - features[end].time < window / 2 { end = features.count }
                blocks.append(start..<end)
                start = end
            }
            // Each block is judged on itself and its neighbours (about 3 windows of beats), so every rule has enough
            // RR intervals, and named at the block's resolution.
            for (k, block) in blocks.enumerated() {
                let context = blocks[max(0, k - 1)].lowerBound..<blocks[min(blocks.count - 1, k + 1)].upperBound
                let e = evidence(input, features: features, range: context, stimuliLooked: stimuliLooked, median: false)
                let (code, rule) = decide(e)
                windows.append((block, code, rule, firstDegreeAVBlock(code, e)))
            }
        }
        // Steps join while the name and the presence of a first-degree AV block stay; an episode reports its first
        // step's block, as it reports its first step's rule.
        var joined: [(range: Range<Int>, code: RhythmCode, rule: String, block: FirstDegreeAVBlock?, count: Int)] = []
        for w in windows {
            if let previous = joined.last, previous.code == w.code, (previous.block == nil) == (w.block == nil) {
                joined[joined.count - 1].range = previous.range.lowerBound..<w.range.upperBound
                joined[joined.count - 1].count += 1
            } else {
                joined.append((w.range, w.code, w.rule, w.block, 1))
            }
        }
        var result: [RhythmEpisode] = []
        for (k, j) in joined.enumerated() {
            // An episode runs from its first beat to the first beat of the next episode (the last one to its last beat).
            let start = features[j.range.lowerBound].time
            let end = k + 1 < joined.count ? features[joined[k + 1].range.lowerBound].time : features[j.range.upperBound - 1].time
            let e = windows.count == 1
                ? whole.evidence : evidence(input, features: features, range: j.range, stimuliLooked: stimuliLooked, median: false)
            let rule = windows.count == 1
                ? j.rule : "\(j.count) consecutive \(Int(window))-s step(s), each judged with its neighbours; first step: \(j.rule)"
            result.append(RhythmEpisode(
                startS: start.rounded(toPlaces: 3), endS: end.rounded(toPlaces: 3), durationS: (end - start).rounded(toPlaces: 3),
                code: j.code, label: FirstDegreeAVBlock.label(j.code.label, block: j.block), rule: rule,
                firstDegreeAVBlock: j.block, evidence: e))
        }
        for i in features.indices.dropFirst() where features[i].time - features[i - 1].time > EctopyPatterns.pauseThreshold {
            let range = (i - 1)..<(i + 1)
            let e = RhythmEvidence(features: features, range: range, stimuliLooked: stimuliLooked)
            let length = features[i].time - features[i - 1].time
            result.append(RhythmEpisode(
                startS: features[i - 1].time.rounded(toPlaces: 3), endS: features[i].time.rounded(toPlaces: 3),
                durationS: length.rounded(toPlaces: 3), code: .pause, label: RhythmCode.pause.label,
                rule: "RR \(length.rounded(toPlaces: 3)) s > \(EctopyPatterns.pauseThreshold) s", evidence: e))
        }
        return result.sorted { $0.startS < $1.startS }
    }
}
