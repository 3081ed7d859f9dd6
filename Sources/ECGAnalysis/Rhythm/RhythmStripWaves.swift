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

    /// `multi.perLead[0]` (the analysed lead) with steady P waves of the other leads filled in; `multi.combined` when
    /// the per-lead waves are not available. Positions at `sampleRate`.
    static func waves(_ multi: MultiLeadDelineation, sampleRate: Double) -> [BeatWaves] {
        guard let strip = multi.perLead.first, strip.count == multi.combined.count else { return multi.combined }
        guard multi.perLead.count > 1 else { return strip }
        let consistency = MultiLeadCombiner.Consistency(multi.perLead)
        let window = steadyTolerance * sampleRate
        return strip.indices.map { b in
            var beat = strip[b]
            guard beat.pPeak == nil else { return beat }
            var steadiest: (lead: Int, deviation: Double)?
            for l in multi.perLead.indices.dropFirst() where multi.perLead[l][b].pPeak != nil {
                guard let d = consistency.deviation(lead: l, beat: b, point: .pPeak), d <= window else { continue }
                if d < steadiest?.deviation ?? .infinity { steadiest = (l, d) }
            }
            guard let steadiest else { return beat }
            let other = multi.perLead[steadiest.lead][b]
            beat.pOnset = other.pOnset
            beat.pPeak = other.pPeak
            beat.pOffset = other.pOffset
            beat.pAmplitude = other.pAmplitude
            return beat
        }
    }
}
