import Foundation
import HDF5Reader
import KerasFormat
import NeuralKernels

/// Analyses ECG recordings: beats through the Keras model, heart rate, HRV, intervals, rhythm, risk score and notes.
///
/// Load it once and share it: it is immutable, and `analyze` may run from many tasks at once.
/// ```swift
/// let analyzer = try ECGAnalyzer()            // the bundled model; or ECGAnalyzer(modelPath: "my_model.h5")
/// let report = try analyzer.analyze(path: "record.csv", options: AnalysisOptions(sampleRate: 360))
/// print(report.diagnosis.summary, report.score.value)
/// ```
public final class ECGAnalyzer: Sendable {
    public let modelInfo: ModelInfo
    let classifier: BeatClassifier

    /// Loads the bundled beat model (``BundledModel``: `Weights/ecg_model.h5` with its labels and sidecar, shipped as
    /// a resource of this module), so this works in any package and from any working directory.
    public convenience init() throws {
        try self.init(modelPath: try BundledModel.modelPath)
    }

    /// Loads the model (`.h5`/`.keras`), its labels (`label_classes.npy`; default: next to the model) and its
    /// preprocessing sidecar (`<model without .h5>.preprocessing.json`; the defaults when absent).
    /// Throws `ECGAnalysisError.modelFailure` with the typed cause (``ModelFailure``).
    public convenience init(modelPath: String, labelsPath: String? = nil) throws {
        let fileName = URL(fileURLWithPath: modelPath).lastPathComponent
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw ECGAnalysisError.modelFailure(.fileNotFound(file: fileName))
        }
        let model: Model
        do { model = try Model(contentsOf: modelPath) } catch {
            throw ECGAnalysisError.modelFailure(.loading(fileName, error))
        }
        let labelsFile = labelsPath
            ?? URL(fileURLWithPath: modelPath).deletingLastPathComponent().appendingPathComponent("label_classes.npy").path
        let labelsName = URL(fileURLWithPath: labelsFile).lastPathComponent
        let labels: [String]
        do { labels = try NPYArray(contentsOf: labelsFile).stringValues() } catch let error as NPYError {
            throw ECGAnalysisError.modelFailure(.unreadableLabels(file: labelsName, error))
        }
        let sidecarPath = PreprocessingSidecar.path(forModel: modelPath)
        let sidecar = FileManager.default.fileExists(atPath: sidecarPath) ? try PreprocessingSidecar.load(path: sidecarPath) : nil
        try self.init(model: model, labels: labels, preprocessing: sidecar, fileName: fileName)
    }

    /// An analyzer over an already built model. `preprocessing` nil means the defaults for a one-input model.
    public init(model: Model, labels: [String], preprocessing: PreprocessingSidecar?, fileName: String = "model") throws {
        guard !labels.isEmpty else { throw ECGAnalysisError.modelFailure("the label list is empty") }
        let resolved: PreprocessingSidecar
        if let preprocessing {
            try preprocessing.validate()
            resolved = preprocessing
        } else {
            guard model.inputs.count == 1, let shape = model.inputs.first?.shape, shape.count == 3, let window = shape[1] else {
                throw ECGAnalysisError.modelFailure(
                    "without a preprocessing sidecar the model must take one input of shape (batch, window, 1)")
            }
            resolved = .defaults(windowSamples: window)
        }
        try BeatClassifier.validate(model: model, labels: labels, preprocessing: resolved)
        classifier = BeatClassifier(model: model, labels: labels, preprocessing: resolved)
        modelInfo = ModelInfo(model: model, file: fileName, labels: labels, preprocessing: resolved, hasSidecar: preprocessing != nil)
    }

    /// Reads and analyses a file (CSV, NPY, WFDB `.hea`/`.dat`, EDF/EDF+, or an ECG image: PNG, JPEG, BMP), of any
    /// length: recordings over `ChunkingParameters.wholeSignalLimit` samples per lead go through the chunked
    /// pipeline, EDF files and single-file WFDB records then read range by range from a memory map (other formats
    /// are read whole first).
    public func analyze(path: String, options: AnalysisOptions = .init()) throws -> AnalysisReport {
        let start = ContinuousClock.now
        if let source = try Self.rangeSource(path: path, options: options.readOptions),
           source.sampleCount > options.chunking.wholeSignalLimit {
            let report = try analyzeInChunks(source, options: options, readTime: ContinuousClock.now - start)
            return finished(report, options: options)
        }
        var readOptions = options.readOptions
        readOptions.maxSamples = 1 << 31
        let recording = try ECGFileReader.read(path: path, options: readOptions)
        return try analyze(recording, options: options, readTime: ContinuousClock.now - start)
    }

    /// The file as a source read range by range from a memory map (EDF; WFDB records with one data file), or nil
    /// when it is read whole.
    static func rangeSource(path: String, options: ECGReadOptions) throws -> RecordingSource? {
        let url = URL(fileURLWithPath: path)
        switch url.pathExtension.lowercased() {
        case "edf":
            return try EDFRecordingSource.open(path: path)
        case "hea":
            return try WFDBRecordingSource.open(headerPath: path, options: options)
        case "dat":
            let header = url.deletingPathExtension().appendingPathExtension("hea").path
            guard FileManager.default.fileExists(atPath: header) else { return nil }
            return try WFDBRecordingSource.open(headerPath: header, options: options)
        default:
            return nil
        }
    }

    /// Analyses uploaded bytes (CSV, NPY or an ECG image), `fileName` giving the format by its extension.
    public func analyze(data: Data, fileName: String, options: AnalysisOptions = .init()) throws -> AnalysisReport {
        let start = ContinuousClock.now
        let recording = try ECGFileReader.read(data: data, fileName: fileName, options: options.readOptions)
        return try analyze(recording, options: options, readTime: ContinuousClock.now - start)
    }

    /// Analyses a recording already in memory.
    public func analyze(_ recording: ECGRecording, options: AnalysisOptions = .init()) throws -> AnalysisReport {
        try analyze(recording, options: options, readTime: .zero)
    }

    func analyze(_ recording: ECGRecording, options: AnalysisOptions, readTime: Duration) throws -> AnalysisReport {
        if recording.digitizedImage == nil, recording.sampleCount > options.chunking.wholeSignalLimit {
            return finished(
                try analyzeInChunks(InMemoryRecordingSource(recording), options: options, readTime: readTime),
                options: options)
        }
        return finished(try analyzeWhole(recording, options: options, readTime: readTime), options: options)
    }

    /// Adds the Holter summary (recordings over one hour) unless the chunked pipeline built it from its per-beat
    /// arrays, and trims the beat list to `options.beatList`.
    func finished(_ report: AnalysisReport, options: AnalysisOptions) -> AnalysisReport {
        var report = report
        let duration = report.signal.durationS
        if duration > HolterSummary.minimumDurationSeconds, report.holter == nil {
            report.holter = HolterAnalysis.summarise(
                times: report.beats.map(\.timeS), classes: report.beats.map { AAMIClass(modelLabel: $0.label) },
                rhythm: report.rhythm, durationS: duration)
        }
        switch options.beatList ?? .automatic(durationSeconds: duration) {
        case .all: break
        case .summary:
            report.beats.removeAll { AAMIClass(modelLabel: $0.label) == .normal }
            report.heartRate.rrMs = []
        case .none:
            report.beats = []
            report.heartRate.rrMs = []
        }
        return report
    }

    private func analyzeWhole(_ recording: ECGRecording, options: AnalysisOptions, readTime: Duration) throws -> AnalysisReport {
        let clock = ContinuousClock()
        let started = clock.now
        let progress = options.progress ?? { _ in }
        let deadline = options.deadline
        try deadline?.check()
        let lead = try recording.lead(named: options.lead)
        let rate = recording.sampleRate
        let screen = try SignalQualityCheck.screen(lead.samples, sampleRate: rate)
        var warnings = recording.warnings
        let preferred = classifier.preprocessing.lead
        let leadII = Set(ECGRecording.preferredLeadNames + [preferred.uppercased()])
        if !leadII.contains(lead.name.uppercased()) {
            warnings.append("the model expects lead \(preferred); analysed '\(lead.name)', so beat labels may be less reliable")
        }

        let rPeaksStart = clock.now
        let peaks = RPeakDetector(sampleRate: rate).detect(lead.samples)
        let rPeaksTime = clock.now - rPeaksStart
        try deadline?.check()
        let preprocessStart = clock.now
        let quality = try SignalQualityCheck.assess(lead.samples, sampleRate: rate, screen: screen, beatCount: peaks.count)
        progress(0.1)
        let polarity = SignalPolarity.estimate(lead.samples, sampleRate: rate, peaks: peaks)
        if polarity == .inverted { warnings.append("the lead was inverted (dominant negative QRS) before analysis") }
        let prepared = prepare(polarity.corrected(lead.samples), sampleRate: rate, peaks: peaks)
        let preprocessTime = clock.now - preprocessStart

        let modelStart = clock.now
        try deadline?.check()
        let output = try classifier.classify(signal: prepared.modelInput, peaks: prepared.peaks, times: prepared.times) {
            try deadline?.check()
            progress(0.1 + 0.8 * $0)
        }
        let modelTime = clock.now - modelStart
        if output.paddedWindows > 0 {
            warnings.append("\(output.paddedWindows) beat(s) near the record's edges were classified on edge-padded windows")
        }
        let beats = zip(peaks.indices, zip(output.classes, output.probabilities)).map { i, result in
            ClassifiedBeat(sample: peaks[i], time: prepared.times[i], label: classifier.labels[result.0], probability: result.1)
        }

        try deadline?.check()
        let measureStart = clock.now
        let otherLeads = recording.leads.filter { $0.name != lead.name && $0.samples.count == lead.samples.count }
            .filter { $0.samples.allSatisfy(\.isFinite) }
        let measurementLeads = [(name: lead.name, samples: prepared.measurementSignal)]
            + otherLeads.map { (name: $0.name, samples: measurementSignal($0.samples, sampleRate: rate)) }
        let measured = Self.measure(
            beats: beats, normalLabel: classifier.normalLabel, signal: prepared.measurementSignal,
            sampleRate: prepared.sampleRate, peaks: prepared.peaks, quality: quality, leads: measurementLeads,
            raw: polarity.corrected(lead.samples), rawRate: rate, rawPeaks: peaks)
        let measureTime = clock.now - measureStart
        progress(1)

        let reported = classifier.reported(measured.beats, rhythm: measured.rhythm)
        var counts = Dictionary(uniqueKeysWithValues: classifier.labels.map { ($0, 0) })
        for beat in reported { counts[beat.label, default: 0] += 1 }
        let milliseconds = { (d: Duration) in (Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15).rounded(toPlaces: 2) }
        let timing = Timing(
            readMs: milliseconds(readTime), preprocessMs: milliseconds(preprocessTime), rPeaksMs: milliseconds(rPeaksTime),
            modelMs: milliseconds(modelTime), measurementsMs: milliseconds(measureTime),
            totalMs: milliseconds(readTime + (clock.now - started)))
        let p = classifier.preprocessing
        let signal = SignalSummary(
            sourceFormat: recording.sourceFormat, lead: lead.name, leadsAvailable: recording.leads.map(\.name),
            sampleRateHz: rate, sampleRateSource: recording.sampleRateSource.rawValue, sampleCount: lead.samples.count,
            durationS: (Double(lead.samples.count) / rate).rounded(toPlaces: 3), analysisSampleRateHz: p.sampleRateHz,
            polarityInverted: polarity == .inverted,
            filter: "zero-phase Butterworth band-pass \(p.bandpassHz[0])-\(p.bandpassHz[1]) Hz, order \(p.bandpassOrder) (model input); 0.5-40 Hz order 2 (measurements)")
        let annotations = ReportedAnnotation.listed(recording.annotations)
        if let note = annotations.warning { warnings.append(note) }
        var report = AnalysisReport(
            diagnosis: measured.diagnosis, score: measured.score, doctorsNotes: measured.notes, signal: signal,
            heartRate: measured.heartRate, hrv: measured.hrv, intervals: measured.intervals,
            delineation: measured.delineation, rhythm: measured.rhythm,
            beats: zip(reported, measured.waves).map { BeatReport($0, waves: $1.mapped(scale: rate / prepared.sampleRate)) },
            beatCounts: counts, beatReading: Self.beatReading(modelLead: lead.name, measured: measured), quality: quality,
            warnings: warnings, model: modelInfo.summary, timing: timing,
            digitized: recording.digitizedImage.map { DigitizedSummary($0, analysed: lead) })
        report.recordingAnnotations = annotations.annotations
        return report
    }

    /// The lead at the model's rate: band-passed for the model and for measurements, with R peaks mapped to it.
    struct PreparedLead {
        var sampleRate: Double
        var modelInput: [Float]
        var measurementSignal: [Float]
        /// R peaks as indices into the model-rate signals.
        var peaks: [Int]
        /// R-peak times, seconds.
        var times: [Double]
    }

    /// Band used for delineation: the ECG band, independent of the model's choice.
    static let measurementBand = (low: 0.5, high: 40.0, order: 2)

    func prepare(_ x: [Float], sampleRate: Double, peaks: [Int]) -> PreparedLead {
        let p = classifier.preprocessing
        let target = p.sampleRateHz
        let resampled = abs(sampleRate - target) < 1e-9 ? x : SignalFilters.resample(x, from: sampleRate, to: target)
        let modelInput = SignalFilters.bandpass(
            resampled, sampleRate: target, low: p.bandpassHz[0], high: p.bandpassHz[1], order: p.bandpassOrder)
        let band = Self.measurementBand
        let sameBand = p.bandpassHz == [band.low, band.high] && p.bandpassOrder == band.order
        let measurementSignal = sameBand
            ? modelInput : SignalFilters.bandpass(resampled, sampleRate: target, low: band.low, high: band.high, order: band.order)
        let last = max(0, resampled.count - 1)
        let mapped = peaks.map { min(last, max(0, Int((Double($0) * target / sampleRate).rounded()))) }
        return PreparedLead(
            sampleRate: target, modelInput: modelInput, measurementSignal: measurementSignal, peaks: mapped,
            times: peaks.map { Double($0) / sampleRate })
    }

    /// `x` (a lead at the recording's rate) at the model's rate, band-passed to the measurement band.
    func measurementSignal(_ x: [Float], sampleRate: Double) -> [Float] {
        let target = classifier.preprocessing.sampleRateHz
        let resampled = abs(sampleRate - target) < 1e-9 ? x : SignalFilters.resample(x, from: sampleRate, to: target)
        let band = Self.measurementBand
        return SignalFilters.bandpass(resampled, sampleRate: target, low: band.low, high: band.high, order: band.order)
    }

    struct Measured {
        /// The beats as the measurements read them (``DominantBeatCheck`` applied), before the rhythm context.
        var beats: [ClassifiedBeat]
        /// The leads the dominant-beat check compared (names, the analysed lead first).
        var shapeLeads: [String] = []
        var heartRate: HeartRateSummary
        var hrv: HRVSummary
        var delineation: Delineation
        /// Per-beat combined waves, positions at the measurement rate.
        var waves: [BeatWaves]
        var intervals: IntervalSummary
        var rhythm: RhythmAssessment
        var score: RiskScore
        var diagnosis: Diagnosis
        var notes: String
    }

    /// Everything derived from classified beats and the measurement signal (model rate, `peaks` index into it).
    /// `leads` are the measurement-band signals of every usable lead at `sampleRate` (the analysed lead first);
    /// empty means `signal` alone. V labels the recording's normal beats contradict in every lead are first read as
    /// `normalLabel` (``DominantBeatCheck``; not for a model without a normal label); the rhythm rules read the
    /// rhythm strip's waves (``RhythmStripWaves``).
    static func measure(
        beats classified: [ClassifiedBeat], normalLabel: String?, signal: [Float], sampleRate: Double, peaks: [Int],
        quality: SignalQuality, leads: [(name: String, samples: [Float])] = [], raw: [Float] = [], rawRate: Double = 0,
        rawPeaks: [Int] = []
    ) -> Measured {
        let checked = DominantBeatCheck.apply(
            classified, normalLabel: normalLabel, leads: leads.isEmpty ? [signal] : leads.map(\.samples),
            sampleRate: sampleRate, peaks: peaks)
        let beats = checked.beats
        let names = leads.isEmpty ? ["lead"] : leads.map(\.name)
        let heartRate = HeartRateAnalysis.heartRate(beatTimes: beats.map(\.time))
        let hrv = HeartRateAnalysis.hrv(beats)
        let classes = beats.map(\.aami)
        var delineation: Delineation
        switch MedianBeat.build(signal: signal, sampleRate: sampleRate, rPeaks: peaks, classes: classes) {
        case .success(let beat): delineation = WaveDelineator.delineate(beat)
        case .failure(let failure): delineation = WaveDelineator.unavailable(reason: failure.reason)
        }
        let multi = MultiLeadDelineation.delineate(
            leads: leads.isEmpty ? [(name: "lead", samples: signal)] : leads, sampleRate: sampleRate, rPeaks: peaks)
        delineation.apply(multi, rPeaks: peaks, classes: classes, sampleRate: sampleRate)
        let intervals = IntervalMeasurement.measure(
            waves: multi.combined, rPeaks: peaks, classes: classes, sampleRate: sampleRate, leads: multi.leads,
            contributions: multi.contributions, pWavesPresent: delineation.pWavePresent)
        // The rhythm rules read the rhythm strip's waves (``RhythmStripWaves``); pacing stimuli are searched for on
        // the unfiltered lead at its own rate (`beats[i].sample` indexes it).
        let strip = RhythmStripWaves.strip(multi, sampleRate: sampleRate)
        let rhythm = RhythmClassifier.classify(RhythmInput(
            beats: beats, waves: strip.waves, pWaveFromOtherLead: strip.pWaveFromOtherLead, peaks: peaks, signal: signal,
            sampleRate: sampleRate, raw: rawPeaks.count == beats.count ? raw : [], rawRate: rawRate,
            pWaveOnMedianBeat: delineation.pWavePresent, medianPAmplitude: delineation.pAmplitude.value,
            sinusPUprightOnLead: leads.first.flatMap { SinusPWaveLeads.upright(onLead: $0.name) },
            medianP: { range in
                guard case .success(let beat) = MedianBeat.build(
                    signal: signal, sampleRate: sampleRate, rPeaks: Array(peaks[range]), classes: Array(classes[range]))
                else { return (nil, nil) }
                let d = WaveDelineator.delineate(beat)
                return (d.pWavePresent, d.pAmplitude.value)
            }))
        var measured = conclude(
            beats: beats, heartRate: heartRate, hrv: hrv, delineation: delineation, waves: multi.combined,
            intervals: intervals, rhythm: rhythm, quality: quality)
        measured.shapeLeads = checked.leads.map { names[$0] }
        return measured
    }

    /// How the beat labels were read, from the measured beats (the model's label kept where the check changed it).
    static func beatReading(modelLead: String, measured: Measured) -> BeatReading {
        BeatReading(
            modelLead: modelLead, shapeLeads: measured.shapeLeads,
            ventricularReadAsNormal: measured.beats.count { $0.modelLabel != nil })
    }

    /// Risk score, diagnosis and notes from the measurements; intervals the rhythm makes meaningless (paced
    /// complexes, no conducted P waves) are withheld first (``IntervalSummary/withheld(for:)``).
    static func conclude(
        beats: [ClassifiedBeat], heartRate: HeartRateSummary, hrv: HRVSummary, delineation: Delineation,
        waves: [BeatWaves], intervals measured: IntervalSummary, rhythm: RhythmAssessment, quality: SignalQuality
    ) -> Measured {
        let intervals = measured.withheld(for: rhythm.code)
        let score = RiskScoring.score(rhythm: rhythm, heartRate: heartRate, intervals: intervals)
        let diagnosis = ReportWriter.diagnosis(rhythm: rhythm, intervals: intervals, quality: quality)
        let notes = ReportWriter.doctorsNotes(
            diagnosis: diagnosis, rhythm: rhythm, heartRate: heartRate, hrv: hrv, intervals: intervals,
            beatCount: beats.count, quality: quality, score: score)
        return Measured(
            beats: beats, heartRate: heartRate, hrv: hrv, delineation: delineation, waves: waves, intervals: intervals,
            rhythm: rhythm, score: score, diagnosis: diagnosis, notes: notes)
    }
}
