import Foundation

/// Reads an ECG image: decode (``ImageDecoder``) → digitize (``ECGDigitizer``) → a recording of the digitized leads.
///
/// The analysed lead is the rhythm strip: among the longest leads (the full-width strip under a 3×4 page; every
/// lead of a 6×2 or 12×1 page), lead II when present, else the first of them; `ECGReadOptions.lead` picks another
/// by name (the longest of that name). The recording holds that lead first, followed by every other lead of the
/// same length (all twelve on a 12×1 or 6×2 page), so the analysis sees them as it sees a multi-lead file. The full
/// digitization travels along as `ECGRecording.digitizedImage` for the report.
enum ImageRecordingReader {
    /// Shortest accepted lead, samples; shorter ones are not leads but specks.
    static let minimumLeadSamples = 8

    /// Decodes `bytes` (a `format` file by its signature), digitizes the image and builds the recording.
    static func read(bytes: [UInt8], format: ImageFormat, options: ECGReadOptions) throws -> ECGRecording {
        let image: RasterImage
        do {
            image = try ImageDecoder(limits: options.imageLimits).decode(bytes)
        } catch {
            throw ECGAnalysisError.imageDecoding(error)
        }
        let ecg = try ECGDigitizer().digitize(image)
        let source = DigitizedImage(format: format, width: image.width, height: image.height, dotsPerInch: image.dotsPerInch, ecg: ecg)
        return try recording(from: source, options: options)
    }

    /// The recording for a digitization (checked: a usable rate, finite samples, at least one lead).
    static func recording(from source: DigitizedImage, options: ECGReadOptions) throws -> ECGRecording {
        let ecg = source.ecg
        guard ecg.sampleRate.isFinite, ECGReadOptions.plausibleSampleRates.contains(ecg.sampleRate) else {
            throw ECGAnalysisError.unanalysableSignal("the digitized sample rate \(ecg.sampleRate) Hz is not usable")
        }
        let leads = ecg.leads.filter { $0.samples.count >= minimumLeadSamples && $0.samples.allSatisfy(\.isFinite) }
        guard !leads.isEmpty else { throw ECGAnalysisError.unanalysableSignal("no ECG trace was found in the image") }
        let chosen = try rhythmLead(leads, named: options.lead)
        let length = chosen.samples.count
        guard length <= options.maxSamples else {
            throw ECGAnalysisError.invalidInput("the digitized lead has more than \(options.maxSamples) samples")
        }
        // Leads of the chosen one's length (± 1 %: column rounding), cut to a common length.
        let tolerance = max(1, length / 100)
        var companions = leads.filter { $0 != chosen && abs($0.samples.count - length) <= tolerance }
        companions = Array(companions.prefix(options.maxLeads - 1))
        let common = ([chosen] + companions).map(\.samples.count).min() ?? length
        let recordingLeads = ([chosen] + companions).map { ECGLead(name: $0.name, samples: Array($0.samples.prefix(common))) }

        var warnings: [String] = []
        if options.sampleRate != nil {
            warnings.append("the sample_rate option does not apply to images: the rate follows from the paper speed")
        }
        if chosen.confidence < 0.5 {
            warnings.append(
                "the digitized trace of lead \(chosen.name) is uncertain (confidence \(String(format: "%.2f", chosen.confidence))): compare it with the image")
        }
        return ECGRecording(
            leads: recordingLeads, sampleRate: ecg.sampleRate, sampleRateSource: .image, warnings: warnings,
            sourceFormat: source.format.rawValue, digitizedImage: source)
    }

    /// The lead to analyse: the longest named `name` (case-insensitive) when given, else lead II among the longest
    /// leads, else the first of the longest.
    static func rhythmLead(_ leads: [DigitizedLead], named name: String?) throws -> DigitizedLead {
        func longest(_ candidates: [DigitizedLead]) -> DigitizedLead? {
            candidates.reduce(nil) { best, lead in
                guard let best else { return lead }
                return lead.samples.count > best.samples.count ? lead : best
            }
        }
        if let name {
            let wanted = name.trimmingCharacters(in: .whitespaces).uppercased()
            guard let match = longest(leads.filter { $0.name.uppercased() == wanted }) else {
                var seen = Set<String>()
                let available = leads.map(\.name).filter { seen.insert($0).inserted }.joined(separator: ", ")
                throw ECGAnalysisError.invalidInput("no lead named '\(name)' in the image (found: \(available))")
            }
            return match
        }
        // The longest leads (within 1 %: column rounding) are the rhythm strips; lead II among them, else the first.
        let maximum = leads.map(\.samples.count).max() ?? 0
        let strips = leads.filter { $0.samples.count >= maximum - max(1, maximum / 100) }
        let leadII = Set(ECGRecording.preferredLeadNames)
        return strips.first { leadII.contains($0.name.uppercased()) } ?? strips[0]
    }
}
