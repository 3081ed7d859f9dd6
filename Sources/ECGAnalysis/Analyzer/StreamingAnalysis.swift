import Foundation

/// The chunked pipeline for recordings of any length (`docs/STREAMING.md`). Memory is bounded by the chunk and
/// segment lengths plus compact per-beat arrays (R peaks, labels, probabilities, wave points), whatever the length.
///
/// Three passes over the chunk cores (``ChunkPlan``), each block read with its margins:
/// 1. screen (extremes, flat seconds), band powers for the noise ratio, finiteness of every lead, and R peaks
///    (``RPeakStream``: the detector's state carries from block to block);
/// 2. clipped samples (they need the lead's extremes) and polarity votes at the R peaks;
/// 3. the model input (polarity-corrected, resampled, band-passed) and the model over the core's beats (for a model
///    that reads template features, a pass before it builds the recording's templates from the same input); the
///    measurement-band signal of every usable lead is gathered per segment and delineated when the segment is full.
/// Heart rate, HRV, intervals, rhythm and risk are then computed from the per-beat arrays. A recording that fits in
/// one segment is measured exactly as in the whole-lead pipeline (same signals, same calls), so with margins longer
/// than the filters' memory the result is the whole-lead result.
extension ECGAnalyzer {
    func analyzeInChunks(_ source: RecordingSource, options: AnalysisOptions, readTime initialRead: Duration) throws
        -> AnalysisReport
    {
        let clock = ContinuousClock()
        let started = clock.now
        var readTime = initialRead
        let progress = options.progress ?? { _ in }
        let names = source.leadNames
        let leadIndex = try ECGRecording.leadIndex(named: options.lead, in: names)
        let leadName = names[leadIndex]
        let rate = source.sampleRate
        let total = source.sampleCount
        try SignalQualityCheck.checkRate(rate)
        try SignalQualityCheck.checkDuration(sampleCount: total, sampleRate: rate)

        var warnings = source.warnings
        let p = classifier.preprocessing
        let leadII = Set(ECGRecording.preferredLeadNames + [p.lead.uppercased()])
        if !leadII.contains(leadName.uppercased()) {
            warnings.append("the model expects lead \(p.lead); analysed '\(leadName)', so beat labels may be less reliable")
        }
        let target = p.sampleRateHz
        let resampling = abs(rate - target) >= 1e-9
        let (up, down) = resampling ? Resampler.ratio(from: rate, to: target) : (1, 1)
        let factor = max(1, Int(rate / RPeakDetector.workingRate))
        let plan = ChunkPlan(
            sampleCount: total, sampleRate: rate, alignment: ChunkPlan.lcm(factor, down), parameters: options.chunking)
        let cores = plan.cores
        let steps = Double(3 * cores.count)
        var step = 0.0
        func read(_ lead: Int, _ range: Range<Int>) throws -> [Float] {
            let start = clock.now
            defer { readTime += clock.now - start }
            return try source.samples(lead: lead, range: range)
        }
        func advance(_ core: Range<Int>) throws {
            source.release(before: max(0, core.upperBound - plan.margin))
            step += 1
            progress(0.9 * step / steps)
            try options.deadline?.check()
        }

        // Pass 1: screen, band powers, finiteness, R peaks.
        let rPeaksStart = clock.now
        var screen = LeadScreen(sampleRate: rate)
        var powers = BandPowers(sampleRate: rate)
        var stream = RPeakStream(sampleRate: rate, totalSamples: total)
        var finite = [Bool](repeating: true, count: names.count)
        for core in cores {
            let block = plan.block(core)
            let x = try read(leadIndex, block)
            let local = (core.lowerBound - block.lowerBound)..<(core.upperBound - block.lowerBound)
            guard x[local].allSatisfy(\.isFinite) else {
                throw ECGAnalysisError.invalidInput("the lead contains NaN or infinite values")
            }
            screen.add(x[local])
            powers.add(x, core: local)
            stream.consume(x, offset: block.lowerBound, core: core)
            for lead in names.indices where lead != leadIndex && finite[lead] {
                finite[lead] = try read(lead, core).allSatisfy(\.isFinite)
            }
            try advance(core)
        }
        let peaks = stream.finish()
        let rPeaksTime = clock.now - rPeaksStart

        // Pass 2: clipping and polarity.
        let preprocessStart = clock.now
        var negative = 0, counted = 0
        for core in cores {
            let block = plan.block(core)
            let x = try read(leadIndex, block)
            screen.addClipping(x[(core.lowerBound - block.lowerBound)..<(core.upperBound - block.lowerBound)])
            if peaks.count >= 3 {
                let filtered = SignalPolarity.polarityBand(x, sampleRate: rate)
                let votes = SignalPolarity.votes(
                    filtered, offset: block.lowerBound, total: total, sampleRate: rate,
                    peaks: peaks[ChunkPlan.indices(of: core, in: peaks)])
                negative += votes.negative
                counted += votes.counted
            }
            try advance(core)
        }
        let screened = try screen.verdict()
        let quality = try SignalQualityCheck.assess(
            duration: Double(total) / rate, hfRatio: powers.ratio, screen: screened, beatCount: peaks.count)
        let polarity = SignalPolarity.decide(negative: negative, counted: counted, peakCount: peaks.count, sampleRate: rate)
        if polarity == .inverted { warnings.append("the lead was inverted (dominant negative QRS) before analysis") }
        var preprocessTime = clock.now - preprocessStart

        // Pass 3: model input, the model, segment signals and measurements.
        let modelTotal = resampling ? Int((Double(total) * Double(up) / Double(down)).rounded(.up)) : total
        func modelIndex(_ sample: Int) -> Int { sample == total ? modelTotal : sample / down * up }
        let lastModel = max(0, modelTotal - 1)
        let modelPeaks = peaks.map { min(lastModel, max(0, Int((Double($0) * target / rate).rounded()))) }
        let times = peaks.map { Double($0) / rate }
        let rr = classifier.rrMatrix(times: times)
        let rrWidth = peaks.isEmpty ? 0 : rr.count / peaks.count
        let band = Self.measurementBand
        let sameBand = p.bandpassHz == [band.low, band.high] && p.bandpassOrder == band.order
        let measurementLeads = [leadIndex] + names.indices.filter { names[$0] != leadName && finite[$0] }
        let segments = plan.segments
        let wholeRecording = segments.count == 1
        var beatModel = classifier
        beatModel.batchSize = options.chunking.modelBatchBeats

        var classes: [Int] = [], probabilities: [Float] = []
        classes.reserveCapacity(peaks.count)
        probabilities.reserveCapacity(peaks.count)
        var paddedWindows = 0
        var modelTime = Duration.zero
        var measureTime = Duration.zero
        var segmentSignals = [[Float]](repeating: [], count: measurementLeads.count)
        var segmentRaw: [Float] = []
        var waves: [BeatWaves] = []
        var strip = RhythmStripWaves.Strip(waves: [], pWaveFromOtherLead: [])
        var contributions: [[Int]] = []
        var firstDelineation: Delineation?
        var measured: Measured?
        var segmentIndex = 0

        func filtered(_ x: [Float], low: Double, high: Double, order: Int) -> [Float] {
            let resampled = resampling ? SignalFilters.resample(x, from: rate, to: target) : x
            return SignalFilters.bandpass(resampled, sampleRate: target, low: low, high: high, order: order)
        }
        func beatsOf(_ range: Range<Int>) -> [ClassifiedBeat] {
            range.map { i in
                ClassifiedBeat(sample: peaks[i], time: times[i], label: classifier.labels[classes[i]], probability: probabilities[i])
            }
        }
        // Each beat's correlation with its measurement segment's normal beats (``DominantBeatCheck``; recordings of
        // several segments), in beat order.
        var dominantAgreement = DominantBeatCheck.Agreement.none(count: 0)

        // Pass 3a, only for a model that reads template features: the recording's dominant-beat templates from the
        // same model input, built in time order with a bounded buffer (``BeatTemplateBuilder``).
        var templates: BeatTemplates?
        if classifier.needsTemplates {
            let templateStart = clock.now
            var builder = BeatTemplateBuilder(context: p.context ?? .standard, window: p.windowSamples)
            for core in cores {
                let beatRange = ChunkPlan.indices(of: core, in: peaks)
                guard !beatRange.isEmpty else { continue }
                let block = plan.block(core)
                let modelOffset = modelIndex(block.lowerBound)
                let raw = polarity.corrected(try read(leadIndex, block))
                let modelInput = filtered(raw, low: p.bandpassHz[0], high: p.bandpassHz[1], order: p.bandpassOrder)
                classifier.addTemplateBeats(
                    to: &builder, signal: modelInput, peaks: modelPeaks[beatRange].map { $0 - modelOffset },
                    times: Array(times[beatRange]))
                source.release(before: max(0, core.upperBound - plan.margin))
                try options.deadline?.check()
            }
            templates = builder.finish()
            preprocessTime += clock.now - templateStart
        }

        for core in cores {
            let block = plan.block(core)
            let modelOffset = modelIndex(block.lowerBound)
            let modelCore = (modelIndex(core.lowerBound) - modelOffset)..<(modelIndex(core.upperBound) - modelOffset)
            let raw = polarity.corrected(try read(leadIndex, block))
            let prepareStart = clock.now
            let modelInput = filtered(raw, low: p.bandpassHz[0], high: p.bandpassHz[1], order: p.bandpassOrder)
            let measurement = sameBand ? modelInput : filtered(raw, low: band.low, high: band.high, order: band.order)
            preprocessTime += clock.now - prepareStart

            let beatRange = ChunkPlan.indices(of: core, in: peaks)
            if !beatRange.isEmpty {
                let modelStart = clock.now
                let output = try beatModel.classify(
                    signal: modelInput, peaks: modelPeaks[beatRange].map { $0 - modelOffset },
                    rr: rrWidth > 0 ? Array(rr[(beatRange.lowerBound * rrWidth)..<(beatRange.upperBound * rrWidth)]) : [],
                    templates: templates, times: templates == nil ? [] : Array(times[beatRange]),
                    progress: { _ in try options.deadline?.check() })
                classes += output.classes
                probabilities += output.probabilities
                paddedWindows += output.paddedWindows
                modelTime += clock.now - modelStart
            }

            let measureStart = clock.now
            segmentSignals[0] += measurement[modelCore]
            for (slot, lead) in measurementLeads.enumerated().dropFirst() {
                let other = filtered(try read(lead, block), low: band.low, high: band.high, order: band.order)
                segmentSignals[slot] += other[modelCore]
            }
            if wholeRecording { segmentRaw += raw[(core.lowerBound - block.lowerBound)..<(core.upperBound - block.lowerBound)] }

            let segment = segments[segmentIndex]
            if core.upperBound == segment.upperBound {
                let leads = zip(measurementLeads, segmentSignals).map { (name: names[$0], samples: $1) }
                let segmentBeats = ChunkPlan.indices(of: segment, in: peaks)
                let modelStart = modelIndex(segment.lowerBound)
                let localPeaks = modelPeaks[segmentBeats].map { $0 - modelStart }
                if wholeRecording {
                    measured = Self.measure(
                        beats: beatsOf(segmentBeats), normalLabel: classifier.normalLabel, signal: segmentSignals[0],
                        sampleRate: target, peaks: localPeaks, quality: quality, leads: leads, raw: segmentRaw,
                        rawRate: rate, rawPeaks: peaks)
                } else {
                    let beats = beatsOf(segmentBeats)
                    dominantAgreement.append(DominantBeatCheck.agreement(
                        beats: beats, leads: segmentSignals, sampleRate: target, peaks: localPeaks))
                    let multi = MultiLeadDelineation.delineate(leads: leads, sampleRate: target, rPeaks: localPeaks)
                    waves += multi.combined.map { $0.mapped(scale: 1, offset: Double(modelStart)) }
                    let segmentStrip = RhythmStripWaves.strip(multi, sampleRate: target)
                    strip.waves += segmentStrip.waves.map { $0.mapped(scale: 1, offset: Double(modelStart)) }
                    strip.pWaveFromOtherLead += segmentStrip.pWaveFromOtherLead
                    contributions += multi.contributions
                    // The median beat averages the beats the model calls normal: the dominant-beat check, which
                    // needs the RR intervals after the segment, runs once all beats are classified.
                    if firstDelineation == nil,
                       case .success(let median) = MedianBeat.build(
                           signal: segmentSignals[0], sampleRate: target, rPeaks: localPeaks, classes: beats.map(\.aami)) {
                        firstDelineation = WaveDelineator.delineate(median)
                    }
                }
                segmentSignals = [[Float]](repeating: [], count: measurementLeads.count)
                segmentIndex += 1
            }
            measureTime += clock.now - measureStart
            try advance(core)
        }
        if paddedWindows > 0 {
            warnings.append("\(paddedWindows) beat(s) near the record's edges were classified on edge-padded windows")
        }

        let measureStart = clock.now
        var allBeats = beatsOf(0..<peaks.count)
        if measured == nil, let normal = classifier.normalLabel {
            let overruled = DominantBeatCheck.overruled(beats: allBeats, shapes: dominantAgreement.shapes)
            allBeats = DominantBeatCheck.relabel(allBeats, at: overruled, normalLabel: normal)
        }
        let result: Measured
        if let measured {
            result = measured
        } else {
            var fromBeats = Self.measureFromBeats(
                beats: allBeats, waves: waves, strip: strip, contributions: contributions,
                leads: measurementLeads.map { names[$0] }, peaks: modelPeaks, sampleRate: target,
                median: firstDelineation, quality: quality)
            fromBeats.shapeLeads = dominantAgreement.leads.map { names[measurementLeads[$0]] }
            result = fromBeats
        }
        measureTime += clock.now - measureStart
        progress(1)

        let milliseconds = { (d: Duration) in (Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15).rounded(toPlaces: 2) }
        let timing = Timing(
            readMs: milliseconds(readTime), preprocessMs: milliseconds(preprocessTime), rPeaksMs: milliseconds(rPeaksTime),
            modelMs: milliseconds(modelTime), measurementsMs: milliseconds(measureTime),
            totalMs: milliseconds(initialRead + (clock.now - started)))
        let reported = classifier.reported(result.beats, rhythm: result.rhythm)
        var counts = Dictionary(uniqueKeysWithValues: classifier.labels.map { ($0, 0) })
        for beat in reported { counts[beat.label, default: 0] += 1 }
        let signal = SignalSummary(
            sourceFormat: source.sourceFormat, lead: leadName, leadsAvailable: names,
            sampleRateHz: rate, sampleRateSource: source.sampleRateSource.rawValue, sampleCount: total,
            durationS: (Double(total) / rate).rounded(toPlaces: 3), analysisSampleRateHz: target,
            polarityInverted: polarity == .inverted, filter: filterDescription)
        let scale = rate / target
        // Only the beats the report lists become `BeatReport`s; the Holter summary reads the per-beat arrays.
        let duration = signal.durationS
        let mode = options.beatList ?? .automatic(durationSeconds: duration)
        var listed: [BeatReport] = []
        if mode != .none {
            for (beat, waves) in zip(reported, result.waves) where mode == .all || beat.aami != .normal {
                listed.append(BeatReport(beat, waves: waves.mapped(scale: scale)))
            }
        }
        let annotations = ReportedAnnotation.listed(source.annotations)
        if let note = annotations.warning { warnings.append(note) }
        var report = AnalysisReport(
            diagnosis: result.diagnosis, score: result.score, doctorsNotes: result.notes, signal: signal,
            heartRate: result.heartRate, hrv: result.hrv, intervals: result.intervals,
            delineation: result.delineation, rhythm: result.rhythm,
            beats: listed, beatCounts: counts, beatReading: Self.beatReading(modelLead: leadName, measured: result),
            quality: quality, warnings: warnings, model: modelInfo.summary, timing: timing, digitized: nil)
        report.recordingAnnotations = annotations.annotations
        if duration > HolterSummary.minimumDurationSeconds {
            report.holter = HolterAnalysis.summarise(
                times: reported.map { $0.time.rounded(toPlaces: 4) }, classes: reported.map(\.aami),
                rhythm: result.rhythm, durationS: duration)
        }
        return report
    }

    /// The filters named in ``SignalSummary/filter``.
    var filterDescription: String {
        let p = classifier.preprocessing
        return "zero-phase Butterworth band-pass \(p.bandpassHz[0])-\(p.bandpassHz[1]) Hz, order \(p.bandpassOrder) (model input); 0.5-40 Hz order 2 (measurements)"
    }

    /// Measurements of a recording longer than one segment, from per-beat arrays: `waves` and `contributions` of
    /// every beat (positions at `sampleRate`, from the recording's start), `strip` the rhythm strip's waves
    /// (``RhythmStripWaves``), `median` the median-beat delineation of the first segment where one could be built.
    /// Rhythm rules run on the beats and their strip waves; the analyses that read the signal itself (flutter waves,
    /// pacing stimuli, per-episode median beats) are left out.
    static func measureFromBeats(
        beats: [ClassifiedBeat], waves: [BeatWaves], strip: RhythmStripWaves.Strip, contributions: [[Int]],
        leads: [String], peaks: [Int], sampleRate: Double, median: Delineation?, quality: SignalQuality
    ) -> Measured {
        let heartRate = HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time))
        let hrv = HeartRateAnalysis.hrv(beats)
        let classes = beats.map(\.aami)
        var delineation = median
            ?? WaveDelineator.unavailable(reason: "no segment had enough regular beats for a median beat")
        let multi = MultiLeadDelineation(leads: leads, perLead: [], combined: waves, contributions: contributions)
        delineation.apply(multi, rPeaks: peaks, classes: classes, sampleRate: sampleRate)
        let intervals = IntervalMeasurement.measure(
            waves: waves, rPeaks: peaks, classes: classes, sampleRate: sampleRate, leads: leads,
            contributions: contributions, pWavesPresent: delineation.pWavePresent)
        let rhythm = RhythmClassifier.classify(RhythmInput(
            beats: beats, waves: strip.waves, pWaveFromOtherLead: strip.pWaveFromOtherLead, peaks: peaks,
            sampleRate: sampleRate,
            pWaveOnMedianBeat: delineation.pWavePresent, medianPAmplitude: delineation.pAmplitude.value,
            sinusPUprightOnLead: leads.first.flatMap(SinusPWaveLeads.upright(onLead:))))
        return conclude(
            beats: beats, heartRate: heartRate, hrv: hrv, delineation: delineation, waves: waves,
            intervals: intervals, rhythm: rhythm, quality: quality)
    }
}
