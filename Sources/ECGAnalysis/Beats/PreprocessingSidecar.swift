import Foundation

/// How beats are cut and scaled for the model: `<model without .h5>.preprocessing.json` next to the model,
/// format "ecg-preprocessing/1" (features of the beat and its neighbours: ``RRFeatures/short``) or
/// "ecg-preprocessing/2" (adds `context`, which the recording-context features need: the long and robust RR
/// features and ``TemplateFeatures``), or the defaults for a bare Keras model of one input of shape (window, 1).
public struct PreprocessingSidecar: Sendable, Codable, Equatable {
    public enum Normalisation: String, Sendable, Codable { case windowZScore = "window_zscore", none }

    public var format: String
    /// The model's sampling rate; input is resampled to it, Hz.
    public var sampleRateHz: Double
    /// Preferred lead name.
    public var lead: String
    /// Window length fed to the model, samples.
    public var windowSamples: Int
    /// Index inside the window where the R peak sits.
    public var rPeakIndex: Int
    /// Zero-phase Butterworth band applied to the whole record before windowing, Hz.
    public var bandpassHz: [Double]
    public var bandpassOrder: Int
    public var normalisation: Normalisation
    public var signalUnits: String
    /// Features of the second input in input order: ``RRFeatures/Feature`` and ``TemplateFeatures/Feature`` names;
    /// empty for a one-input model.
    public var rrFeatures: [String]
    /// Format 2: the windows of the recording-context features.
    public var context: RecordingContext?
    /// Model input order: "beat_window" and optionally "rr_features".
    public var inputs: [String]

    enum CodingKeys: String, CodingKey {
        case format, sampleRateHz = "sample_rate_hz", lead, windowSamples = "window_samples", rPeakIndex = "r_peak_index"
        case bandpassHz = "bandpass_hz", bandpassOrder = "bandpass_order", normalisation, signalUnits = "signal_units"
        case rrFeatures = "rr_features", inputs, context
    }

    static let formatName = "ecg-preprocessing/1"
    /// The format whose sidecars carry `context`.
    static let contextFormatName = "ecg-preprocessing/2"

    /// Whether a feature name needs the recording's context (format 2): the long and robust RR features and the
    /// template ones.
    static func needsContext(_ name: String) -> Bool {
        TemplateFeatures.Feature(rawValue: name) != nil || RRFeatures.Feature(rawValue: name)?.needsContext == true
    }

    /// The defaults for a model without a sidecar: 360 Hz, MLII, R at window·90/256, 0.5-40 Hz order 2, z-score.
    public static func defaults(windowSamples: Int) -> PreprocessingSidecar {
        PreprocessingSidecar(
            format: formatName, sampleRateHz: 360, lead: "MLII", windowSamples: windowSamples,
            rPeakIndex: Int((Double(windowSamples) * 90 / 256).rounded()), bandpassHz: [0.5, 40], bandpassOrder: 2,
            normalisation: .windowZScore, signalUnits: "mV", rrFeatures: [], inputs: ["beat_window"])
    }

    /// The sidecar path for a model path: "Weights/ecg_model.h5" → "Weights/ecg_model.preprocessing.json".
    static func path(forModel modelPath: String) -> String {
        let url = URL(fileURLWithPath: modelPath)
        let extensions = ["h5", "hdf5", "keras"]
        let base = extensions.contains(url.pathExtension.lowercased()) ? url.deletingPathExtension() : url
        return base.path + ".preprocessing.json"
    }

    /// Reads and validates a sidecar.
    static func load(path: String) throws -> PreprocessingSidecar {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ECGAnalysisError.modelFailure("the preprocessing sidecar cannot be read")
        }
        let sidecar: PreprocessingSidecar
        do { sidecar = try JSONDecoder().decode(PreprocessingSidecar.self, from: data) } catch {
            throw ECGAnalysisError.modelFailure("the preprocessing sidecar is not valid \(formatName) or \(contextFormatName) JSON")
        }
        try sidecar.validate()
        return sidecar
    }

    func validate() throws {
        func fail(_ message: String) -> ECGAnalysisError { .modelFailure(.other("preprocessing sidecar: \(message)")) }
        guard format == Self.formatName || format == Self.contextFormatName else { throw fail("unknown format '\(format)'") }
        guard sampleRateHz.isFinite, sampleRateHz >= 50, sampleRateHz <= 10_000 else { throw fail("sample_rate_hz out of range") }
        guard windowSamples > 0, windowSamples <= 100_000 else { throw fail("window_samples out of range") }
        guard rPeakIndex >= 0, rPeakIndex < windowSamples else { throw fail("r_peak_index outside the window") }
        guard bandpassHz.count == 2, bandpassHz[0] > 0, bandpassHz[0] < bandpassHz[1], bandpassHz[1] < sampleRateHz / 2
        else { throw fail("bandpass_hz must be [low, high] with 0 < low < high < sample_rate_hz / 2") }
        guard (1...8).contains(bandpassOrder) else { throw fail("bandpass_order must be 1-8") }
        for name in rrFeatures where RRFeatures.Feature(rawValue: name) == nil && TemplateFeatures.Feature(rawValue: name) == nil {
            throw fail("unknown RR feature '\(name)'")
        }
        guard Set(rrFeatures).count == rrFeatures.count else { throw fail("rr_features lists a feature twice") }
        if format == Self.contextFormatName {
            guard let context else { throw fail("\(Self.contextFormatName) needs a 'context' object") }
            if let problem = context.problem() { throw fail("context: \(problem)") }
        } else if let name = rrFeatures.first(where: Self.needsContext) {
            throw fail("feature '\(name)' needs format \(Self.contextFormatName) with a 'context' object")
        }
        let expectedInputs = rrFeatures.isEmpty ? ["beat_window"] : ["beat_window", "rr_features"]
        guard Set(inputs) == Set(expectedInputs), inputs.count == expectedInputs.count else {
            throw fail("inputs must be \(expectedInputs)")
        }
    }
}
