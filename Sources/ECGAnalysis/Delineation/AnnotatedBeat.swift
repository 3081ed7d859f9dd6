/// A beat whose waves a cardiologist marked (QT Database `.q1c`/`.q2c`): the QRS peak annotation and the P, QRS and T
/// onset/peak/offset marks that belong to it, as sample positions.
public struct AnnotatedBeat: Sendable, Equatable {
    /// Sample of the QRS peak mark (`N` or another beat symbol).
    public var qrsPeak: Int
    public var waves: BeatWaves

    public init(qrsPeak: Int, waves: BeatWaves) {
        self.qrsPeak = qrsPeak
        self.waves = waves
    }

    /// Groups waveform annotations into beats. A wave is `(` onset (optional), a peak mark (`p`, `t`, `u`, or a beat
    /// symbol for the QRS) and `)` offset (optional). Each QRS makes a beat; its P wave is the last `p` wave between
    /// the previous QRS mark and this one (peak at most 400 ms before the QRS peak) and its T wave the first `t` wave
    /// after it and before the next QRS mark (peak at most 800 ms after).
    public static func beats(from annotations: [WFDBAnnotation], sampleRate: Double) -> [AnnotatedBeat] {
        struct Wave { var symbol: String; var onset: Int?; var peak: Int; var offset: Int? }
        var waves: [Wave] = []
        var pendingOnset: Int?
        var current: Wave?
        for a in annotations {
            switch a.symbol {
            case "(":
                if let c = current { waves.append(c); current = nil }
                pendingOnset = a.sample
            case ")":
                if var c = current {
                    c.offset = a.sample
                    waves.append(c)
                    current = nil
                }
                pendingOnset = nil
            case "p", "t", "u":
                if let c = current { waves.append(c) }
                current = Wave(symbol: a.symbol, onset: pendingOnset, peak: a.sample, offset: nil)
                pendingOnset = nil
            default:
                guard a.isBeat else { continue }
                if let c = current { waves.append(c) }
                current = Wave(symbol: "QRS", onset: pendingOnset, peak: a.sample, offset: nil)
                pendingOnset = nil
            }
        }
        if let c = current { waves.append(c) }

        let qrsIndices = waves.indices.filter { waves[$0].symbol == "QRS" }
        let pReach = Int(0.4 * sampleRate), tReach = Int(0.8 * sampleRate)
        var beats: [AnnotatedBeat] = []
        for (n, q) in qrsIndices.enumerated() {
            let qrs = waves[q]
            var beat = BeatWaves(qrsOnset: qrs.onset.map(Double.init), qrsOffset: qrs.offset.map(Double.init))
            let previous = n > 0 ? qrsIndices[n - 1] : -1
            if let p = (previous + 1..<q).last(where: { waves[$0].symbol == "p" }), qrs.peak - waves[p].peak <= pReach {
                beat.pOnset = waves[p].onset.map(Double.init)
                beat.pPeak = Double(waves[p].peak)
                beat.pOffset = waves[p].offset.map(Double.init)
            }
            let next = n + 1 < qrsIndices.count ? qrsIndices[n + 1] : waves.count
            if let t = (q + 1..<next).first(where: { waves[$0].symbol == "t" }), waves[t].peak - qrs.peak <= tReach {
                beat.tPeak = Double(waves[t].peak)
                beat.tOffset = waves[t].offset.map(Double.init)
            }
            beats.append(AnnotatedBeat(qrsPeak: qrs.peak, waves: beat))
        }
        return beats
    }
}
