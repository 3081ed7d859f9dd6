/// Combines the per-lead delineations of one beat into one set of global points, the way multi-lead standards and
/// Laguna et al. 1994 do: a global onset is the earliest onset seen on the leads, a global offset the latest offset,
/// because each lead sees the wavefront only while it projects onto that lead.
///
/// "Robust" guards against one lead's error (noise, a missed low wave) setting the global point: a lead's point
/// enters only when it lies within `tolerance` of the median of all leads' points for that beat. With two leads
/// that disagree by more than twice the tolerance, neither can be trusted more than the other, and the mean
/// is used. Peaks come from the lead where the wave is largest.
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
        "multi-lead: QRS and P onset = earliest, QRS, P and T offset = latest, among leads within 20 ms (QRS), 30 ms (P) or 40 ms (T) of the leads' median (mean when two leads disagree more); peaks from the lead with the largest wave"

    static func combine(_ perLead: [[BeatWaves]], sampleRate: Double) -> Combined {
        guard let count = perLead.first?.count else { return Combined(waves: [], contributions: []) }
        if perLead.count == 1 { return Combined(waves: perLead[0], contributions: perLead[0].map { _ in [0] }) }
        var waves: [BeatWaves] = []
        var contributions: [[Int]] = []
        waves.reserveCapacity(count)
        for b in 0..<count {
            var beat = BeatWaves()
            var used = Set<Int>()
            for point in Fiducial.allCases {
                let candidates = perLead.indices.compactMap { l in perLead[l][b][point].map { (lead: l, value: $0) } }
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
                        // No agreement: the lead where the wave is largest (P, T); the median for the QRS.
                        switch point {
                        case .pOnset, .pOffset, .tOffset:
                            let amplitude = { (l: Int) -> Float in
                                abs((point == .tOffset ? perLead[l][b].tAmplitude : perLead[l][b].pAmplitude) ?? 0)
                            }
                            let best = candidates.max { amplitude($0.lead) < amplitude($1.lead) }!
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
            beat.pAmplitude = perLead.compactMap { $0[b].pAmplitude }.max { abs($0) < abs($1) }
            beat.tAmplitude = perLead.compactMap { $0[b].tAmplitude }.max { abs($0) < abs($1) }
            waves.append(beat)
            contributions.append(used.sorted())
        }
        return Combined(waves: waves, contributions: contributions)
    }
}
