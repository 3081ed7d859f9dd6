/// Combines the per-lead delineations of one beat into one set of global points, the way multi-lead standards and
/// Laguna et al. 1994 do: a global onset is the earliest onset seen on the leads, a global offset the latest offset,
/// because each lead sees the wavefront only while it projects onto that lead.
///
/// "Robust" guards against one lead's error (noise, a missed low wave) setting the global point: a lead's point
/// enters only when it lies within `tolerance` of the median of all leads' points for that beat. With two leads
/// that disagree by more than twice the tolerance, the QRS takes their median (mean).
///
/// When the leads disagree on a P or T boundary (no lead within the tolerance of the median), the lead whose
/// point is most reliable is taken: the one whose point, relative to the beat's QRS onset on that lead, lies
/// closest to the same lead's median over the neighbouring beats (`neighbours` beats either side). A lead that took the wrong wave on one beat (a U wave for the T wave, noise
/// for the P wave) departs from its own rhythm of points, while one that followed the wave stays with it;
/// the wave amplitude breaks ties and decides when neither lead has neighbours to compare with. Peaks come from
/// the lead where the wave is largest (choosing them by consistency instead widened the T-peak errors on the
/// tuning records).
///
/// A faint P wave (`BeatWaves.pFaint`) enters only when no lead has a clear one, and the beat's P wave is then
/// faint.
///
/// Shapes: `perLead[l][b]` is lead l's waves of beat b; every lead has the same beat count.
enum MultiLeadCombiner {
    /// Per-point agreement window around the median of the leads, in seconds.
    static func tolerance(_ point: Fiducial) -> Double {
        switch point {
        case .qrsOnset, .qrsOffset: 0.02
        case .pOnset, .pOffset, .pPeak: 0.03
        case .tPeak, .tOffset: 0.04
        }
    }

    struct Combined: Sendable {
        var waves: [BeatWaves]
        /// For each beat, the indices of the leads whose points entered the combination.
        var contributions: [[Int]]
    }

    static let rule =
        "multi-lead: QRS and P onset = earliest, QRS, P and T offset = latest, among leads within 20 ms (QRS), 30 ms (P) or 40 ms (T) of the leads' median; when leads disagree, the QRS takes the median and P and T the lead whose point agrees best with its own neighbouring beats; peaks from the lead with the largest wave"

    /// Beats either side whose points make a lead's reference for the consistency check.
    static let neighbours = 8

    static func combine(_ perLead: [[BeatWaves]], sampleRate: Double) -> Combined {
        guard let count = perLead.first?.count else { return Combined(waves: [], contributions: []) }
        if perLead.count == 1 { return Combined(waves: perLead[0], contributions: perLead[0].map { _ in [0] }) }
        let consistency = Consistency(perLead)
        /// The candidate whose point departs least from its lead's neighbouring beats (ties: larger wave).
        func mostConsistent(_ candidates: [(lead: Int, value: Double)], point: Fiducial, beat b: Int,
                            amplitude: (Int) -> Float) -> (lead: Int, value: Double) {
            let scored = candidates.map { c in (c, consistency.deviation(lead: c.lead, beat: b, point: point)) }
            return scored.min { x, y in
                switch (x.1, y.1) {
                case let (dx?, dy?) where abs(dx - dy) > 1e-9: return dx < dy
                case (_?, nil): return true
                case (nil, _?): return false
                default: return amplitude(x.0.lead) > amplitude(y.0.lead)
                }
            }!.0
        }
        var waves: [BeatWaves] = []
        var contributions: [[Int]] = []
        waves.reserveCapacity(count)
        for b in 0..<count {
            var beat = BeatWaves()
            var used = Set<Int>()
            let clearP = perLead.indices.filter { perLead[$0][b].pPeak != nil && !perLead[$0][b].pFaint }
            let pLeads = clearP.isEmpty ? Array(perLead.indices) : clearP
            for point in Fiducial.allCases {
                let leads = point == .pOnset || point == .pPeak || point == .pOffset ? pLeads : Array(perLead.indices)
                let candidates = leads.compactMap { l in perLead[l][b][point].map { (lead: l, value: $0) } }
                guard !candidates.isEmpty else { continue }
                switch point {
                case .pPeak, .tPeak:
                    let amplitude = { (l: Int) -> Float in
                        abs((point == .pPeak ? perLead[l][b].pAmplitude : perLead[l][b].tAmplitude) ?? 0)
                    }
                    let best = candidates.max { amplitude($0.lead) < amplitude($1.lead) }!
                    beat[point] = best.value
                    used.insert(best.lead)
                default:
                    let values = candidates.map(\.value).sorted()
                    let median = values.count % 2 == 1
                        ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
                    let window = tolerance(point) * sampleRate
                    let robust = candidates.filter { abs($0.value - median) <= window }
                    let isOnset = point == .pOnset || point == .qrsOnset
                    if robust.isEmpty {
                        // No agreement: the most consistent lead (P, T); the median for the QRS.
                        switch point {
                        case .pOnset, .pOffset, .tOffset:
                            let amplitude = { (l: Int) -> Float in
                                abs((point == .tOffset ? perLead[l][b].tAmplitude : perLead[l][b].pAmplitude) ?? 0)
                            }
                            let best = mostConsistent(candidates, point: point, beat: b, amplitude: amplitude)
                            beat[point] = best.value
                            used.insert(best.lead)
                        default:
                            beat[point] = median
                            candidates.forEach { used.insert($0.lead) }
                        }
                    } else {
                        let pick = isOnset ? robust.min { $0.value < $1.value }! : robust.max { $0.value < $1.value }!
                        beat[point] = pick.value
                        robust.forEach { used.insert($0.lead) }
                    }
                }
            }
            beat.pAmplitude = pLeads.compactMap { perLead[$0][b].pAmplitude }.max { abs($0) < abs($1) }
            beat.pFaint = clearP.isEmpty && beat.pPeak != nil
            beat.tAmplitude = perLead.compactMap { $0[b].tAmplitude }.max { abs($0) < abs($1) }
            waves.append(beat)
            contributions.append(used.sorted())
        }
        return Combined(waves: waves, contributions: contributions)
    }

    /// Each lead's points relative to the beat's QRS onset on that lead, and how far a beat's point lies from the
    /// median of the same lead's `neighbours` beats either side (at least three of them), in samples.
    struct Consistency {
        /// `offsets[l][point][b]`: point − QRS onset on lead l, nil when either is missing.
        var offsets: [[Fiducial: [Double?]]]

        init(_ perLead: [[BeatWaves]]) {
            offsets = perLead.map { lead in
                var table: [Fiducial: [Double?]] = [:]
                for point in Fiducial.allCases {
                    table[point] = lead.map { w in w[point].flatMap { v in w.qrsOnset.map { v - $0 } } }
                }
                return table
            }
        }

        func deviation(lead l: Int, beat b: Int, point: Fiducial) -> Double? {
            guard let series = offsets[l][point], let value = series[b] else { return nil }
            let low = max(0, b - MultiLeadCombiner.neighbours), high = min(series.count - 1, b + MultiLeadCombiner.neighbours)
            var others: [Double] = []
            for k in low...high where k != b { if let v = series[k] { others.append(v) } }
            guard others.count >= 3 else { return nil }
            others.sort()
            let median = others.count % 2 == 1
                ? others[others.count / 2] : (others[others.count / 2 - 1] + others[others.count / 2]) / 2
            return abs(value - median)
        }
    }
}
