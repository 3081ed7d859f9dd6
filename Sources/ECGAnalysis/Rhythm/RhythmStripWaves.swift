/// The waves the rhythm rules read: the analysed lead's (the rhythm strip, lead II / MLII where present), with a P
/// wave from the other leads only where several of them agree on it.
///
/// The rhythm rules ask whether organised atrial activity precedes each QRS and how steady the PR is. The global
/// points of ``MultiLeadCombiner`` answer a different question (the earliest onset any lead sees): a P wave there may
/// come from one lead alone, and in atrial fibrillation V1's fibrillatory waves are the largest atrial deflections of
/// the recording, so on two-lead MIT-BIH records the global P waves made fibrillating beats look conducted. The rules
/// were set on the analysed lead's waves; a beat without a P wave there takes one from the others only when at least
/// ``minimumAgreeingLeads`` of them place its peak within the P tolerance of their median (12-lead records whose
/// lead II shows a flat P wave), the P points then being the global ones.
enum RhythmStripWaves {
    static let minimumAgreeingLeads = 2

    /// `multi.perLead[0]` (the analysed lead) with P waves added where the other leads agree; `multi.combined` when
    /// the per-lead waves are not available.
    static func waves(_ multi: MultiLeadDelineation, sampleRate: Double) -> [BeatWaves] {
        guard let strip = multi.perLead.first, strip.count == multi.combined.count else { return multi.combined }
        guard multi.perLead.count > minimumAgreeingLeads else { return strip }
        let window = MultiLeadCombiner.tolerance(.pPeak) * sampleRate
        return strip.indices.map { b in
            var beat = strip[b]
            guard beat.pPeak == nil else { return beat }
            let peaks = multi.perLead.dropFirst().compactMap { $0[b].pPeak }.sorted()
            guard peaks.count >= minimumAgreeingLeads else { return beat }
            let median = peaks.count % 2 == 1
                ? peaks[peaks.count / 2] : (peaks[peaks.count / 2 - 1] + peaks[peaks.count / 2]) / 2
            guard peaks.count(where: { abs($0 - median) <= window }) >= minimumAgreeingLeads else { return beat }
            let global = multi.combined[b]
            beat.pOnset = global.pOnset
            beat.pPeak = global.pPeak
            beat.pOffset = global.pOffset
            beat.pAmplitude = global.pAmplitude
            return beat
        }
    }
}
