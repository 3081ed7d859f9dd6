import Foundation
import Testing
@testable import ECGAnalysis

/// One test per rhythm name: synthetic beat sequences (times, classes, P waves, PR, QRS, stimuli) through the rules.
@Suite struct RhythmRuleTests {
    /// Beat features at `times` with labels cycled; P waves, PR and QRS per beat from the closures.
    static func features(
        _ times: [Double], labels: [AAMIClass] = [.normal], pWave: (Int) -> Bool? = { _ in true },
        pr: (Int) -> Double? = { _ in 160 }, qrs: Double = 90, ventricularStimulus: Bool = false, atrialStimulus: Bool = false
    ) -> [BeatFeatures] {
        times.enumerated().map { i, t in
            let aami = labels[i % labels.count]
            let p = aami == .ventricular ? false : pWave(i)
            return BeatFeatures(
                time: t, aami: aami, pWave: p, prMs: p == true ? pr(i) : nil, qrsMs: aami == .ventricular ? 160 : qrs,
                ventricularStimulus: ventricularStimulus, atrialStimulus: atrialStimulus)
        }
    }

    static func decide(_ f: [BeatFeatures], median: Bool? = nil, stimuli: Bool = false, flutter: FlutterWaves? = nil) -> (RhythmCode, String) {
        RhythmClassifier.decide(RhythmEvidence(
            features: f, range: f.indices, stimuliLooked: stimuli, pWaveOnMedianBeat: median, flutterWaves: flutter))
    }

    static func regular(_ bpm: Double, _ duration: Double = 30) -> [Double] { SyntheticECG.regularTimes(bpm: bpm, duration: duration) }

    @Test(arguments: [(45.0, RhythmCode.sinusBradycardia), (55, .sinusRhythm), (75, .sinusRhythm), (120, .sinusTachycardia)])
    func sinusByRate(bpm: Double, expected: RhythmCode) {
        #expect(Self.decide(Self.features(Self.regular(bpm)), median: true).0 == expected)
    }

    @Test func sinusArrhythmiaIsARegularlyVaryingRRWithPWaves() {
        var times: [Double] = [0.5]
        for k in 0..<40 { times.append(times.last! + 0.85 + 0.15 * sin(2 * .pi * Double(k) / 8)) }
        let (code, rule) = Self.decide(Self.features(times), median: true)
        #expect(code == .sinusArrhythmia, "\(rule)")
        #expect(rule.contains("NN range"))
        // The same rate without the variation is sinus rhythm.
        #expect(Self.decide(Self.features(Self.regular(70)), median: true).0 == .sinusRhythm)
    }

    @Test func atrialFibrillationNeedsIrregularRRAndNoPWaves() {
        let times = SyntheticECG.irregularTimes(range: 0.4...1.1, duration: 30)
        #expect(Self.decide(Self.features(times, pWave: { _ in false })).0 == .atrialFibrillation)
        #expect(Self.decide(Self.features(times, pWave: { $0 % 5 == 0 })).0 == .atrialFibrillation)
        // With P waves on every beat the same RR is not called AF.
        #expect(Self.decide(Self.features(times), median: true).0 != .atrialFibrillation)
    }

    @Test func aSteadyPRRulesOutAtrialFibrillation() {
        // Irregular RR, P waves before 40 % of the beats: at scattered distances from the QRS that is AF; at a
        // steady PR the atria conduct (sinus rhythm with ectopy or arrhythmia), not AF.
        let times = SyntheticECG.irregularTimes(range: 0.4...1.1, duration: 30)
        var random = SyntheticECG.Random(state: 5)
        let scattered = Self.features(times, pWave: { $0 % 5 < 2 }, pr: { _ in 80 + 240 * random.next() })
        #expect(Self.decide(scattered, median: false).0 == .atrialFibrillation)
        let steady = Self.features(times, pWave: { $0 % 5 < 2 }, pr: { 160 + Double($0 % 3) * 10 })
        let (code, rule) = Self.decide(steady, median: false)
        #expect(code != .atrialFibrillation, "\(rule)")
    }

    @Test func atrialFlutterNeedsOrganisedAtrialWavesAndNoSinusP() {
        let f = Self.features(Self.regular(150), pWave: { _ in false })
        let organised = FlutterWaves(frequencyHz: 5, organisation: 0.85, avRatio: 2)
        #expect(Self.decide(f, median: false, flutter: organised).0 == .atrialFlutter)
        let diffuse = FlutterWaves(frequencyHz: 5.6, organisation: 0.2, avRatio: 2.24)
        #expect(Self.decide(f, median: false, flutter: diffuse).0 == .supraventricularTachycardia)
        // Organised waves slower than the ventricles are not flutter.
        let slow = FlutterWaves(frequencyHz: 3.6, organisation: 0.8, avRatio: 1.2)
        #expect(Self.decide(Self.features(Self.regular(180)), median: true, flutter: slow).0 == .sinusTachycardia)
    }

    @Test func regularNarrowRhythmsWithoutPWaves() {
        let noP: (Int) -> Bool? = { _ in false }
        #expect(Self.decide(Self.features(Self.regular(170), pWave: noP), median: false).0 == .supraventricularTachycardia)
        #expect(Self.decide(Self.features(Self.regular(50), pWave: noP), median: false).0 == .junctionalRhythm)
        // Wide QRS without P waves is not given a name.
        #expect(Self.decide(Self.features(Self.regular(70), pWave: noP, qrs: 150), median: false).0 == .undetermined)
    }

    @Test func ventricularRhythms() {
        #expect(Self.decide(Self.features(Self.regular(160, 10), labels: [.ventricular])).0 == .ventricularTachycardia)
        #expect(Self.decide(Self.features(Self.regular(38), labels: [.ventricular])).0 == .idioventricularRhythm)
        // Slow beats the model calls ventricular behind sinus P waves (a bundle-branch block) are not idioventricular.
        #expect(Self.decide(Self.features(Self.regular(70), labels: [.ventricular]), median: true).0 != .idioventricularRhythm)
    }

    @Test func ventricularRhythmsNeedVentricularBeatsOfOneShape() {
        // One ectopic focus: every V beat the same wide complex (small beat-to-beat noise).
        var random = SyntheticECG.Random(state: 3)
        let complex: [Float] = (0..<72).map { i in
            let x = Double(i)
            let r = exp(-pow((x - 30) / 9, 2)), s = exp(-pow((x - 50) / 8, 2))
            return Float(r - 0.4 * s)
        }
        var focal = Self.features(Self.regular(160, 10), labels: [.ventricular])
        for i in focal.indices { focal[i].shape = complex.map { $0 + Float(0.05 * (random.next() - 0.5)) } }
        let (code, rule) = Self.decide(focal)
        #expect(code == .ventricularTachycardia, "\(rule)")
        #expect((RhythmEvidence(features: focal, range: focal.indices, stimuliLooked: false).ventricularShapeConsistency ?? 0) > 0.95)
        // Artefact-distorted "beats": a different deflection each time.
        var artefact = focal
        for i in artefact.indices { artefact[i].shape = (0..<72).map { _ in Float(random.next() - 0.5) } }
        let (noisy, why) = Self.decide(artefact)
        #expect(noisy == .undetermined && why.contains("change shape"), "\(why)")
        var slow = Self.features(Self.regular(38), labels: [.ventricular])
        for i in slow.indices { slow[i].shape = (0..<72).map { _ in Float(random.next() - 0.5) } }
        #expect(Self.decide(slow).0 == .undetermined)
    }

    @Test func veryIrregularRRWithFewPWavesIsAtrialFibrillationDespiteAMedianP() {
        // Fibrillatory waves can leave a P-like bump on the median beat; per-beat P waves stay rare and sit at
        // scattered distances from the QRS.
        let times = SyntheticECG.irregularTimes(range: 0.3...1.3, duration: 30)
        var random = SyntheticECG.Random(state: 11)
        let (code, rule) = Self.decide(
            Self.features(times, pWave: { $0 % 3 == 0 }, pr: { _ in 80 + 240 * random.next() }), median: true)
        #expect(code == .atrialFibrillation && rule.contains("very irregular"), "\(rule)")
        // With P waves before most beats it stays a sinus rhythm.
        #expect(Self.decide(Self.features(times), median: true).0 != .atrialFibrillation)
    }

    @Test func pacedRhythmsByStimulusPosition() {
        let times = Self.regular(70)
        #expect(Self.decide(Self.features(times, pWave: { _ in false }, qrs: 160, ventricularStimulus: true), stimuli: true).0 == .ventricularPaced)
        #expect(Self.decide(Self.features(times, atrialStimulus: true), stimuli: true).0 == .atrialPaced)
        #expect(Self.decide(Self.features(times, ventricularStimulus: true, atrialStimulus: true), stimuli: true).0 == .dualChamberPaced)
        #expect(Self.decide(Self.features(times, labels: [.unknown])).0 == .pacedRhythm)
        // A sharp deflection at the QRS with sinus P waves is not ventricular pacing.
        #expect(Self.decide(Self.features(times, ventricularStimulus: true), median: true, stimuli: true).0 == .sinusRhythm)
        // A few stimuli do not make a paced rhythm.
        var few = Self.features(times)
        for i in stride(from: 0, to: few.count, by: 5) { few[i].ventricularStimulus = true }
        #expect(Self.decide(few, median: true, stimuli: true).0 == .sinusRhythm)
    }

    /// Stimuli before paced QRS complexes with an inverted median-beat P wave: on a lead where a sinus P wave is
    /// upright (V5) that P wave is not sinus, so the stimuli make the rhythm ventricular paced; on lead III, where a
    /// sinus P wave may be inverted, or on an unknown lead, the P wave still vetoes.
    @Test func anInvertedPWaveOnALeadWithUprightSinusPDoesNotVetoStimuli() {
        let f = Self.features(Self.regular(70), pWave: { $0 % 5 == 0 }, ventricularStimulus: true)
        func decide(lead: String?) -> (RhythmCode, String) {
            RhythmClassifier.decide(RhythmEvidence(
                features: f, range: f.indices, stimuliLooked: true, pWaveOnMedianBeat: true, medianPAmplitude: -0.07,
                sinusPUprightOnLead: lead.flatMap(SinusPWaveLeads.upright(onLead:))))
        }
        let v5 = decide(lead: "V5")
        #expect(v5.0 == .ventricularPaced && v5.1.contains("median-beat P wave inverted (-0.07 mV): not sinus"), "\(v5.1)")
        #expect(decide(lead: "III").0 == .sinusRhythm)
        #expect(decide(lead: nil).0 == .sinusRhythm)
        // An upright median-beat P wave on V5 is a sinus one.
        let upright = RhythmClassifier.decide(RhythmEvidence(
            features: f, range: f.indices, stimuliLooked: true, pWaveOnMedianBeat: true, medianPAmplitude: 0.1,
            sinusPUprightOnLead: true))
        #expect(upright.0 == .sinusRhythm)
    }

    @Test(arguments: [("II", true), ("MLII", true), ("ml ii", true), ("Lead V5", true), ("aVF", true), ("D2", true),
                      ("aVR", false), ("III", nil), ("D3", nil), ("V1", nil), ("ECG1", nil)] as [(String, Bool?)])
    func sinusPWavePolarityByLead(name: String, upright: Bool?) {
        #expect(SinusPWaveLeads.upright(onLead: name) == upright)
    }

    /// The first-degree AV block found in `f` under the rhythm `decide` names.
    static func firstDegree(_ f: [BeatFeatures]) -> (RhythmCode, FirstDegreeAVBlock?) {
        let evidence = RhythmEvidence(features: f, range: f.indices, stimuliLooked: false, pWaveOnMedianBeat: true)
        let code = RhythmClassifier.decide(evidence).0
        return (code, RhythmClassifier.firstDegreeAVBlock(code, evidence))
    }

    @Test func firstDegreeAVBlockIsASteadyLongPRBesideTheSinusRhythm() throws {
        let long = Self.firstDegree(Self.features(Self.regular(70), pr: { _ in 260 }))
        #expect(long.0 == .sinusRhythm)
        let block = try #require(long.1)
        #expect(block.prMeanMs == 260 && block.prSDMs == 0 && block.rule.contains("PR 260.0 ± 0.0 ms"))
        #expect(FirstDegreeAVBlock.label(long.0.label, block: block) == "Sinus rhythm with first-degree AV block")
        // The rhythm keeps its own name: a slow sinus rhythm with a long PR is sinus bradycardia with the block.
        let slow = Self.firstDegree(Self.features(Self.regular(45), pr: { _ in 260 }))
        #expect(slow.0 == .sinusBradycardia && slow.1 != nil)
        #expect(Self.firstDegree(Self.features(Self.regular(70), pr: { _ in 180 })).1 == nil)
        // A PR that wanders is not a block of this kind.
        #expect(Self.firstDegree(Self.features(Self.regular(70), pr: { $0 % 2 == 0 ? 210 : 330 })).1 == nil)
        // Not looked for under a rhythm without conducted sinus P waves.
        #expect(RhythmClassifier.firstDegreeAVBlock(.junctionalRhythm, RhythmEvidence(
            features: Self.features(Self.regular(70), pr: { _ in 260 }), range: 0..<10, stimuliLooked: false)) == nil)
    }

    /// P waves every 0.8 s; every 4th not conducted; PR per conducted beat from `pr(k)` (k = 0, 1, 2 in the group).
    static func secondDegree(pr: [Double]) -> [BeatFeatures] {
        var times: [Double] = []
        var prs: [Double] = []
        for p in 0..<48 where p % 4 != 3 {
            times.append(0.5 + Double(p) * 0.8 + pr[p % 4] / 1000)
            prs.append(pr[p % 4])
        }
        return features(times, pr: { prs[$0] })
    }

    @Test func secondDegreeAVBlocks() {
        let (mobitzI, ruleI) = Self.decide(Self.secondDegree(pr: [160, 220, 280]), median: true)
        #expect(mobitzI == .secondDegreeAVBlockMobitzI, "\(ruleI)")
        let (mobitzII, ruleII) = Self.decide(Self.secondDegree(pr: [180, 180, 180]), median: true)
        #expect(mobitzII == .secondDegreeAVBlockMobitzII, "\(ruleII)")
        // Searched gaps: a P wave in them keeps the name; none makes the gaps sinus pauses.
        let f = Self.secondDegree(pr: [180, 180, 180])
        var e = RhythmEvidence(features: f, range: f.indices, stimuliLooked: false, pWaveOnMedianBeat: true)
        e.pWavesInGaps = BlockedPWaves(pairs: e.droppedBeats, fraction: 1, medianCorrelation: 0.95)
        #expect(RhythmClassifier.decide(e).0 == .secondDegreeAVBlockMobitzII)
        e.pWavesInGaps = BlockedPWaves(pairs: e.droppedBeats, fraction: 0, medianCorrelation: 0.3)
        let (pause, rule) = RhythmClassifier.decide(e)
        #expect(pause.family == .sinus, "\(rule)")
    }

    @Test func completeAVBlockIsScatteredPRWithSlowRegularQRS() {
        var random = SyntheticECG.Random(state: 3)
        let f = Self.features(Self.regular(38, 40), pr: { _ in 50 + 350 * random.next() })
        let (code, rule) = Self.decide(f, median: true)
        #expect(code == .completeAVBlock, "\(rule)")
    }

    @Test func bigeminyAndTrigeminy() {
        let times = (0..<40).map { 0.5 + Double($0) * 0.8 }
        #expect(Self.decide(Self.features(times, labels: [.normal, .ventricular]), median: true).0 == .ventricularBigeminy)
        #expect(Self.decide(Self.features(times, labels: [.normal, .normal, .ventricular]), median: true).0 == .ventricularTrigeminy)
    }

    @Test func undeterminedWhenTheEvidenceIsWeak() {
        #expect(Self.decide(Self.features([0.5, 1.3])).0 == .undetermined)
        // P waves on about half the beats at scattered PR, regular RR: neither sinus nor a rhythm without P waves.
        let scattered = Self.features(Self.regular(72), pWave: { $0 % 2 == 0 }, pr: { 120 + Double($0 % 8) * 25 })
        let (code, rule) = Self.decide(scattered)
        #expect(code == .undetermined && rule.contains("P waves unclear"), "\(rule)")
        // The same P waves at a steady PR are conducted atrial activity: sinus.
        let steady = Self.features(Self.regular(72), pWave: { $0 % 2 == 0 }, pr: { 160 + Double($0 % 3) * 5 })
        #expect(Self.decide(steady).0 == .sinusRhythm)
    }

    /// Waves at 360 Hz for beats at `times`: a P wave before each QRS (onset 70 samples before R), none where
    /// `fibrillating(t)`.
    static func waves(_ times: [Double], fibrillating: (Double) -> Bool) -> [BeatWaves] {
        times.map { t in
            let r = t * 360
            let af = fibrillating(t)
            return BeatWaves(
                pOnset: af ? nil : r - 70, pPeak: af ? nil : r - 55, pOffset: af ? nil : r - 40, qrsOnset: r - 15,
                qrsOffset: r + 17, pAmplitude: af ? nil : 0.15)
        }
    }

    @Test func episodesPausesAndAFBurden() {
        // 60 s of sinus rhythm with P waves, 30 s of irregular rhythm without, a 3-s pause, 30 s of sinus rhythm.
        var times = Self.regular(75, 60.5)
        let af = SyntheticECG.irregularTimes(range: 0.4...1.1, duration: 30).map { $0 + 60 }
        times += af
        let resume = af.last! + 3
        times += Self.regular(75, 30).map { $0 - 0.5 + resume }
        let beats = SyntheticECG.beats(times: times, labels: ["N"])
        let waves = Self.waves(times) { $0 > 60 && $0 < resume - 0.1 }
        let rhythm = RhythmClassifier.classify(RhythmInput(beats: beats, waves: waves, sampleRate: 360))
        let named = rhythm.episodes.filter { $0.code != .pause }
        let summary = "\(rhythm.episodes.map { ($0.code, $0.startS, $0.endS) })"
        #expect(named.first?.code == .sinusRhythm && named.last?.code == .sinusRhythm, "\(summary)")
        // Steps next to the change see both rhythms and may get neither name; the AF itself is found.
        let afTime = named.filter { $0.code == .atrialFibrillation }.reduce(0) { $0 + $1.durationS }
        #expect(afTime >= 15 && afTime <= 40, "\(summary)")
        #expect(!named.contains { [.ventricularTachycardia, .atrialFlutter, .completeAVBlock].contains($0.code) }, "\(summary)")
        let pauses = rhythm.episodes.filter { $0.code == .pause }
        #expect(pauses.count == 1 && abs(pauses[0].durationS - 3) < 0.01)
        let total = times.last! - times.first!
        #expect(abs(rhythm.afBurdenPct - afTime / total * 100) < 0.1, "\(rhythm.afBurdenPct)")
        #expect(rhythm.episodes.allSatisfy { !$0.rule.isEmpty && $0.evidence.beats >= 2 })
        // Ordered and contiguous: each named episode starts where the previous one ended.
        for (a, b) in zip(named, named.dropFirst()) { #expect(abs(a.endS - b.startS) < 1e-6) }
        // Longer than a minute: the headline is the rhythm covering most of the time.
        #expect(rhythm.code == .sinusRhythm && rhythm.rule.contains("episodes covering most"), "\(rhythm.rule)")
    }

    @Test func sBeatsInsideAtrialFibrillationAreNotSupraventricularEctopy() {
        // A 30-s strip named atrial fibrillation: none of its S-labelled beats is a premature atrial beat.
        let strip = SyntheticECG.irregularTimes(range: 0.4...1.1, duration: 30)
        let labels = strip.indices.map { $0 % 4 == 0 ? "S" : "N" }
        let fibrillation = RhythmClassifier.classify(
            beats: SyntheticECG.beats(times: strip, labels: labels), pWavesPresent: false)
        #expect(fibrillation.code == .atrialFibrillation)
        #expect(fibrillation.ectopy.supraventricularBeats == 0 && fibrillation.ectopy.supraventricularBurdenPct == 0)
        #expect(fibrillation.ectopy.supraventricularInAtrialFibrillation == labels.filter { $0 == "S" }.count)
        // 60 s of sinus rhythm, 30 s of atrial fibrillation, 30 s of sinus rhythm, every fifth beat labelled S: only
        // those outside the AF episodes count, and every S beat is counted once.
        var times = Self.regular(75, 60.5)
        times += SyntheticECG.irregularTimes(range: 0.4...1.1, duration: 30).map { $0 + 60.5 }
        let resume = times.last! + 0.8
        times += Self.regular(75, 30).map { $0 + resume }
        let beats = SyntheticECG.beats(times: times, labels: times.indices.map { $0 % 5 == 0 ? "S" : "N" })
        let waves = Self.waves(times) { $0 > 60.2 && $0 < resume - 0.1 }
        let rhythm = RhythmClassifier.classify(RhythmInput(beats: beats, waves: waves, sampleRate: 360))
        let af = rhythm.episodes.filter { $0.code == .atrialFibrillation }
        #expect(!af.isEmpty, "\(rhythm.episodes.map { ($0.code, $0.startS, $0.endS) })")
        let inAF = beats.filter { b in b.aami == .supraventricular && af.contains { $0.startS <= b.time && b.time <= $0.endS } }
        let allS = beats.filter { $0.aami == .supraventricular }.count
        #expect(rhythm.ectopy.supraventricularInAtrialFibrillation == inAF.count && inAF.count > 0)
        #expect(rhythm.ectopy.supraventricularBeats == allS - inAF.count && allS - inAF.count > 20)
        // As reported, those beats read as normal and keep the model's label; every other beat is unchanged.
        let reported = rhythm.beatsInRhythmContext(beats, normalLabel: "N")
        let moved = Set(inAF.map(\.time))
        for (before, after) in zip(beats, reported) {
            if moved.contains(before.time) {
                #expect(after.label == "N" && after.aami == .normal && after.modelLabel == "S")
                #expect(after.probability == before.probability)
            } else {
                #expect(after == before)
            }
        }
        #expect(reported.filter { $0.aami == .supraventricular }.count == rhythm.ectopy.supraventricularBeats)
        let wholeStrip = fibrillation.beatsInRhythmContext(SyntheticECG.beats(times: strip, labels: labels), normalLabel: "N")
        #expect(wholeStrip.allSatisfy { $0.aami == .normal })
        #expect(wholeStrip.filter { $0.modelLabel == "S" }.count == labels.filter { $0 == "S" }.count)
    }

    @Test func aFirstDegreeBlockSplitsEpisodesAndNamesTheHeadlineWhenItCoversMostOfTheRhythm() throws {
        // 120 s of sinus rhythm at 70 bpm: PR 160 ms for the first 40 s, 260 ms after.
        func recording(blockFrom: Double) -> RhythmAssessment {
            let times = Self.regular(70, 120)
            let beats = SyntheticECG.beats(times: times, labels: ["N"])
            let waves = times.map { t -> BeatWaves in
                let r = t * 360, onset = r - 15, pr = (t >= blockFrom ? 0.26 : 0.16) * 360
                return BeatWaves(
                    pOnset: onset - pr, pPeak: onset - pr + 15, pOffset: onset - pr + 30, qrsOnset: onset,
                    qrsOffset: r + 17, pAmplitude: 0.15)
            }
            return RhythmClassifier.classify(RhythmInput(beats: beats, waves: waves, sampleRate: 360))
        }
        let rhythm = recording(blockFrom: 40)
        let summary = "\(rhythm.episodes.map { ($0.label, $0.startS, $0.endS) })"
        #expect(rhythm.episodes.allSatisfy { $0.code == .sinusRhythm }, "\(summary)")
        let first = try #require(rhythm.episodes.first), last = try #require(rhythm.episodes.last)
        #expect(first.firstDegreeAVBlock == nil && first.label == "Sinus rhythm", "\(summary)")
        #expect(last.label == "Sinus rhythm with first-degree AV block" && last.endS > 110, "\(summary)")
        #expect(abs(try #require(last.firstDegreeAVBlock).prMeanMs - 260) < 1, "\(summary)")
        // Steps are judged with their neighbours: the one next to the change sees both PRs (SD > 40 ms).
        #expect(last.startS >= 30 && last.startS <= 60, "\(summary)")
        // Most of the sinus time with the block: the headline carries it; a third of it: it does not.
        #expect(rhythm.code == .sinusRhythm && rhythm.firstDegreeAVBlock != nil)
        #expect(rhythm.label == "Sinus rhythm with first-degree AV block")
        let late = recording(blockFrom: 80)
        #expect(late.code == .sinusRhythm && late.firstDegreeAVBlock == nil && late.label == "Sinus rhythm")
        #expect(late.episodes.last?.firstDegreeAVBlock != nil)
    }

    @Test func flutterWavesOnASawtoothBetweenQRSComplexes() {
        let rate = 360.0
        // 4:1 flutter: sawtooth atrial waves at 5 Hz (300/min), ventricles at 75 bpm.
        let rTimes = Self.regular(75, 20)
        var x = SyntheticECG.signal(duration: 20, sampleRate: rate, rTimes: rTimes, morphologies: rTimes.map { _ in SyntheticECG.beatWithoutP })
        for i in x.indices {
            let phase = (Double(i) / rate * 5).truncatingRemainder(dividingBy: 1)
            x[i] += Float(0.5 * (phase < 0.8 ? -phase / 0.8 : (phase - 0.8) / 0.2 - 1))
        }
        let peaks = rTimes.map { Int(($0 * rate).rounded()) }
        let flutter = FlutterWaves.analyse(x, sampleRate: rate, rPeaks: peaks, ventricularRateBPM: 75)
        #expect(flutter.map { abs($0.frequencyHz - 5) < 0.2 } == true, "\(String(describing: flutter))")
        #expect((flutter?.organisation ?? 0) >= RhythmClassifier.flutterOrganisation, "\(String(describing: flutter))")
        #expect(flutter?.avRatio == 4)
        // Broadband noise between the QRS complexes instead: the power is spread, not organised.
        let noiseOnly = SyntheticECG.signal(
            duration: 20, sampleRate: rate, rTimes: rTimes, morphologies: rTimes.map { _ in SyntheticECG.beatWithoutP },
            noise: 0.05)
        let noisy = FlutterWaves.analyse(noiseOnly, sampleRate: rate, rPeaks: peaks, ventricularRateBPM: 75)
        #expect((noisy?.organisation ?? 1) < RhythmClassifier.flutterOrganisation, "\(String(describing: noisy))")
    }

    @Test func pacingStimuliAreFoundBeforePacedBeatsOnly() {
        let rate = 360.0
        let rTimes = Self.regular(70, 10)
        var x = SyntheticECG.signal(duration: 10, sampleRate: rate, rTimes: rTimes, morphologies: rTimes.map { _ in SyntheticECG.ventricularBeat })
        let peaks = rTimes.map { Int(($0 * rate).rounded()) }
        #expect(PacingSpikes.detect(x, sampleRate: rate, rPeaks: peaks).allSatisfy { !$0.ventricular && !$0.atrial })
        for r in peaks { x[r - 29] += 2.0 }  // a one-sample stimulus 80 ms before each R
        let found = PacingSpikes.detect(x, sampleRate: rate, rPeaks: peaks)
        #expect(found.count == peaks.count && found.allSatisfy { $0.ventricular && !$0.atrial })
        #expect(PacingSpikes.detect(x, sampleRate: 200, rPeaks: peaks).isEmpty)
    }

    @Test func ptbxlStatements() {
        let sinus = PTBXLRhythmStatement(scpCodes: "{'NORM': 100.0, 'SBRAD': 0.0}")
        #expect(sinus?.family == .sinus && sinus?.sinusSubtype == .bradycardia)
        let flutter = PTBXLRhythmStatement(scpCodes: "{'AFLT': 100.0, 'ABQRS': 0.0, 'AFIB': 0.0}")
        #expect(flutter?.family == .atrialFlutter && flutter?.statement == "AFLT")
        #expect(PTBXLRhythmStatement(scpCodes: "{'PACE': 100.0}")?.family == .paced)
        #expect(PTBXLRhythmStatement(scpCodes: "{'NORM': 100.0}") == nil)
        #expect(PTBXLRhythmStatement.Family(code: .ventricularPaced) == .paced)
        #expect(PTBXLRhythmStatement.Family(code: .junctionalRhythm) == .other)
        #expect(PTBXLRhythmStatement.SinusSubtype(code: .sinusArrhythmia) == .arrhythmia)
    }
}
