/// The waves the rhythm rules read: the analysed lead's (the rhythm strip, lead II / MLII where present), a P wave
/// missing there taken from another lead only where that lead's P wave keeps a steady place before its QRS.
///
/// The rhythm rules ask whether organised atrial activity precedes each QRS and how steady the PR is. The global
/// points of ``MultiLeadCombiner`` answer a different question (the earliest onset any lead sees): any lead's P wave
/// enters them, and in atrial fibrillation V1's fibrillatory waves are the largest atrial deflections of the
/// recording, so on two-lead MIT-BIH records the global P waves made fibrillating beats look conducted. Yet the
/// analysed lead alone misses P waves that are flat in it and clear elsewhere (lead II of some 12-lead records, the
/// first lead of some two-lead Holter records), and a rhythm without P waves reads as junctional or paced. So a beat
/// without a P wave on the analysed lead takes the P wave of another lead when that P peak, measured from the same
/// lead's QRS onset, lies within ``steadyTolerance`` of the lead's median over the neighbouring beats
/// (``MultiLeadCombiner/Consistency``, 8 beats either side, at least 3 with a P wave): a conducted P wave keeps its
/// place before the QRS, a fibrillatory wave falls anywhere. Of several such leads, the steadiest.
///
/// The tolerance was chosen on the tune halves (MIT-BIH rhythm tune half, PTB-XL records 1–50, QT Database tuning
/// records; `docs/ACCURACY.md`): 5, 10, 15, 20 and 30 ms tried, 10 ms in the middle of the range that keeps the AF of
/// record 203 and the P waves of the PTB-XL and QT Database sinus records.
enum RhythmStripWaves {
    /// Largest departure of another lead's P peak (from its QRS onset) from that lead's neighbouring beats, seconds.
    static let steadyTolerance = 0.01

    /// The strip's waves, and which beats' P waves came from another lead.
    struct Strip: Sendable, Equatable {
        /// Per beat, positions at the delineation's rate.
        var waves: [BeatWaves]
        /// Per beat: its P wave was taken from another lead.
        var pWaveFromOtherLead: [Bool]
    }

    /// `multi.perLead[0]` (the analysed lead) with steady P waves of the other leads filled in; the global points
    /// (`multi.combined`) when the per-lead waves are not available. Positions at `sampleRate`.
    static func strip(_ multi: MultiLeadDelineation, sampleRate: Double) -> Strip {
        let perLead = multi.perLead.map { $0.map(withoutFaintP) }
        guard let strip = perLead.first, strip.count == multi.combined.count else {
            let combined = multi.combined.map(withoutFaintP)
            return Strip(waves: combined, pWaveFromOtherLead: combined.map { _ in false })
        }
        guard perLead.count > 1 else { return Strip(waves: strip, pWaveFromOtherLead: strip.map { _ in false }) }
        let consistency = MultiLeadCombiner.Consistency(perLead)
        let window = steadyTolerance * sampleRate
        var waves = strip
        var borrowed = strip.map { _ in false }
        for b in strip.indices where strip[b].pPeak == nil {
            var steadiest: (lead: Int, deviation: Double)?
            for l in perLead.indices.dropFirst() where perLead[l][b].pPeak != nil {
                guard let d = consistency.deviation(lead: l, beat: b, point: .pPeak), d <= window else { continue }
                if d < steadiest?.deviation ?? .infinity { steadiest = (l, d) }
            }
            guard let steadiest else { continue }
            waves[b] = waves[b].withPWave(of: perLead[steadiest.lead][b])
            borrowed[b] = true
        }
        return Strip(waves: waves, pWaveFromOtherLead: borrowed)
    }

    /// `waves` without its P wave when that one is faint: atrial activity the rules count must stand out against
    /// the whole P window.
    static func withoutFaintP(_ waves: BeatWaves) -> BeatWaves {
        waves.pFaint ? waves.withPWave(of: nil) : waves
    }
}
