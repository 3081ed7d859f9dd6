import Foundation
import HDF5Reader

/// Reads `.npy` arrays (through HDF5Reader's `NPYArray`) as recordings: shape `[samples]` (one lead) or
/// `[samples, leads]`; `[leads, samples]` (fewer rows than columns, at most `maxLeads` rows) is transposed, and
/// singleton axes are dropped. NPY carries no rate or units: the rate comes from the options or the default, units
/// are inferred per lead from amplitude statistics, and both decisions are reported in `warnings`.
enum NPYRecordingReader {
    static func read(data: Data, options: ECGReadOptions) throws -> ECGRecording {
        let array: NPYArray
        do {
            array = try NPYArray(data: data, source: "the NPY file")
        } catch let error as NPYError {
            throw ECGAnalysisError.invalidInput(error.description)
        }
        let shape = array.shape.filter { $0 != 1 }
        let values: [Double]
        do {
            values = try array.doubleValues()
        } catch {
            throw ECGAnalysisError.invalidInput("the NPY array holds \(array.descr) values, not numbers")
        }
        var warnings: [String] = []
        let samples: Int, leads: Int, leadMajor: Bool
        switch shape.count {
        case 0:
            throw ECGAnalysisError.invalidInput("the NPY array holds \(values.count) value(s), not a signal")
        case 1:
            (samples, leads, leadMajor) = (shape[0], 1, false)
        case 2 where shape[0] < shape[1] && shape[0] <= options.maxLeads:
            (samples, leads, leadMajor) = (shape[1], shape[0], true)
            warnings.append("the NPY array \(array.shape) was read as [leads, samples]")
        case 2:
            (samples, leads, leadMajor) = (shape[0], shape[1], false)
        default:
            throw ECGAnalysisError.invalidInput("the NPY array has shape \(array.shape); expected [samples] or [samples, leads]")
        }
        guard leads <= options.maxLeads else {
            throw ECGAnalysisError.invalidInput("the NPY array has \(leads) leads (limit \(options.maxLeads))")
        }
        guard samples <= options.maxSamples else {
            throw ECGAnalysisError.invalidInput("the NPY array has \(samples) samples per lead (limit \(options.maxSamples))")
        }
        var recordingLeads: [ECGLead] = []
        for lead in 0..<leads {
            let name = "lead \(lead + 1)"
            var column = leadMajor
                ? Array(values[(lead * samples)..<((lead + 1) * samples)])
                : (0..<samples).map { values[$0 * leads + lead] }
            let replaced = try MissingSamples.hold(&column, leadName: name)
            if replaced > 0 { warnings.append("\(replaced) non-finite samples of \(name) were replaced by the previous sample") }
            let (millivolts, note) = UnitInference.toMillivolts(column, declared: nil, leadName: name)
            if let note { warnings.append(note) }
            recordingLeads.append(ECGLead(name: name, samples: millivolts))
        }
        let sampleRate: Double
        let source: SampleRateSource
        if let given = options.sampleRate {
            (sampleRate, source) = (given, .parameter)
        } else {
            (sampleRate, source) = (ECGReadOptions.defaultSampleRate, .assumedDefault)
            warnings.append("no sample rate in the file; assumed \(Int(ECGReadOptions.defaultSampleRate)) Hz")
        }
        return ECGRecording(
            leads: recordingLeads, sampleRate: sampleRate, sampleRateSource: source, warnings: warnings, sourceFormat: "npy")
    }
}
