import Foundation
import KerasFormat
import Testing
@testable import ECGAnalysis

/// The schema's nullable keys stay in the JSON when their value is missing: synthesized `Encodable` would leave a
/// nil optional out, ``ExplicitNull`` writes `null`.
@Suite struct NullableKeyTests {
    /// Every property the schema types as `[…, "null"]`, as "<schema node>.<key>" (e.g. "#/$defs/measured.value").
    static func nullableKeys(in root: JSONValue) -> Set<String> {
        var keys = Set<String>()
        func walk(_ node: JSONValue, _ path: String) {
            if let properties = node["properties"]?.objectValue {
                for (key, schema) in properties where isNullable(schema) { keys.insert("\(path).\(key)") }
            }
            for (key, child) in node.objectValue ?? [:] where child.objectValue != nil {
                walk(child, path + "/" + key)
            }
        }
        walk(root, "#")
        return keys
    }

    static func isNullable(_ schema: JSONValue) -> Bool {
        schema["type"]?.arrayValue?.contains(.string("null")) == true
    }

    /// Walks `value` along `schema`; for each object, every nullable property key of its schema node is reported as
    /// present (with whether it is null) or missing.
    static func visit(
        _ value: JSONValue, schema raw: JSONValue, schemaPath: String, root: JSONValue, jsonPath: String,
        seen: inout [String: Int], missing: inout [String]
    ) {
        var schema = raw
        var path = schemaPath
        if let ref = raw["$ref"]?.stringValue, ref.hasPrefix("#/") {
            path = ref
            schema = ref.dropFirst(2).split(separator: "/").reduce(root) { $0[String($1)] ?? .null }
        }
        if let object = value.objectValue, let properties = schema["properties"]?.objectValue {
            for (key, propertySchema) in properties where isNullable(propertySchema) {
                guard let member = object[key] else {
                    missing.append("\(jsonPath).\(key)")
                    continue
                }
                if member == .null { seen["\(path).\(key)", default: 0] += 1 }
            }
            for (key, child) in object {
                guard let propertySchema = properties[key] else { continue }
                visit(child, schema: propertySchema, schemaPath: "\(path)/properties/\(key)", root: root,
                      jsonPath: "\(jsonPath).\(key)", seen: &seen, missing: &missing)
            }
        }
        if let array = value.arrayValue, let items = schema["items"] {
            for (i, element) in array.enumerated() {
                visit(element, schema: items, schemaPath: "\(path)/items", root: root, jsonPath: "\(jsonPath)[\(i)]",
                      seen: &seen, missing: &missing)
            }
        }
    }

    /// A real report with every value the schema allows to be null set to nil.
    static func reportWithoutOptionalValues() throws -> AnalysisReport {
        var report = try ReportSchemaTests().report(bpm: 150, pattern: [SyntheticECG.ventricularBeat])
        func clear(_ evidence: inout RhythmEvidence) {
            evidence.rateBPM = nil
            evidence.nnRangeMs = nil
            evidence.pWaveOnMedianBeat = nil
            evidence.medianPAmplitudeMv = nil
            evidence.sinusPUprightOnLead = nil
            evidence.pWaveRatio = nil
            evidence.prMeanMs = nil
            evidence.prSDMs = nil
            evidence.qrsMedianMs = nil
            evidence.atrialStimulusFraction = nil
            evidence.ventricularStimulusFraction = nil
            evidence.prChangeAcrossDropsMs = nil
            evidence.flutterWaves = nil
            evidence.blockedPWaves = nil
            evidence.pWavesInGaps = nil
            evidence.rrIrregularity = RRIrregularity(rr: [])
            evidence.pacedMorphology = PacedMorphology(
                wideQRSFraction: nil, consistency: nil, fixedRateFraction: 0, rrMedianMs: nil, pWaveRatio: nil, prSDMs: nil)
        }
        let unmeasured = MeasuredValue(value: nil, unit: "ms", rule: "test", reason: nil)
        report.heartRate.meanBPM = nil
        report.heartRate.minBPM = nil
        report.heartRate.maxBPM = nil
        report.hrv.sdnn = unmeasured
        report.intervals.pr = unmeasured
        report.intervals.quality.pr.reason = nil
        report.intervals.quality.pr.iqrMs = nil
        report.delineation.pWavePresent = nil
        report.rhythm.rateBPM = nil
        report.rhythm.pWavesPresent = nil
        report.rhythm.ventricularRuns.longestRateBPM = nil
        report.rhythm.pauses.longestS = nil
        report.rhythm.rrIrregularity = RRIrregularity(rr: [])
        clear(&report.rhythm.evidence)
        // Flutter waves present (to reach their nullable `av_ratio`) on the whole record, absent on the episodes.
        report.rhythm.evidence.flutterWaves = FlutterWaves(frequencyHz: 5, organisation: 0.5, avRatio: nil)
        for i in report.rhythm.episodes.indices { clear(&report.rhythm.episodes[i].evidence) }
        report.quality.highFrequencyRatio = nil
        report.model.kerasVersion = nil
        for i in report.beats.indices { report.beats[i].waves = BeatWaves() }
        report.recordingAnnotations = [ReportedAnnotation(onsetS: 1, durationS: nil, text: "marker")]
        return report
    }

    @Test("every key the schema marks nullable is written as null when there is no value")
    func nullableKeysStayPresent() throws {
        let root = try JSONValue(parsing: Data(contentsOf: ReportSchemaTests.schemaURL))
        let nullable = Self.nullableKeys(in: root)
        #expect(nullable.count >= 30, "\(nullable.sorted())")
        let report = try Self.reportWithoutOptionalValues()
        #expect(!report.beats.isEmpty && !report.rhythm.episodes.isEmpty)
        for pretty in [false, true] {
            var seen: [String: Int] = [:]
            var missing: [String] = []
            Self.visit(
                try JSONValue(parsing: report.jsonData(prettyPrinted: pretty)), schema: root, schemaPath: "#", root: root,
                jsonPath: "$", seen: &seen, missing: &missing)
            #expect(missing.isEmpty, "nullable keys left out: \(missing.prefix(20))")
            // Each nullable key of the schema was met, and written as null, at least once.
            #expect(nullable.subtracting(seen.keys).isEmpty, "never written as null: \(nullable.subtracting(seen.keys).sorted())")
        }
    }

    @Test("ExplicitNull writes null where synthesized Encodable leaves the key out, and reads it back")
    func explicitNullWrapper() throws {
        struct Sample: Codable, Equatable {
            @ExplicitNull var heartRate: Double? = nil
            var note: String?
        }
        let empty = try JSONValue(parsing: ReportEncoding.encode(Sample()))
        #expect(empty == .object(["heart_rate": .null]))
        let full = Sample(heartRate: 72.5, note: "x")
        let data = try ReportEncoding.encode(full)
        #expect(String(decoding: data, as: UTF8.self) == #"{"heart_rate":72.5,"note":"x"}"#)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(Sample.self, from: data) == full)
        #expect(try decoder.decode(Sample.self, from: Data(#"{"heart_rate":null}"#.utf8)) == Sample())
        #expect(throws: DecodingError.self) { try decoder.decode(Sample.self, from: Data("{}".utf8)) }
    }

    @Test("the shared encoder keeps acronyms and digits as the schema spells them and leaves dictionary keys alone")
    func keyNames() throws {
        struct Keys: Encodable {
            var meanBPM = 1, normalisedRMSSD = 2, prSDMs = 3, pnn50 = 4, rPeaksMs = 5, medianPAmplitudeMv = 6
            var beatCounts = ["N": 1, "V": 2]
        }
        let json = try JSONValue(parsing: ReportEncoding.encode(Keys()))
        #expect(Set(json.objectValue.map { Array($0.keys) } ?? []) == [
            "mean_bpm", "normalised_rmssd", "pr_sd_ms", "pnn50", "r_peaks_ms", "median_p_amplitude_mv", "beat_counts",
        ])
        #expect(json["beat_counts"] == .object(["N": .number(1), "V": .number(2)]))
    }
}
