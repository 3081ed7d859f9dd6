import Foundation

/// Decides the amplitude unit of a lead and converts it to millivolts.
enum UnitInference {
    enum Unit: String, Sendable {
        case millivolt = "mV"
        case microvolt = "µV"
        case volt = "V"
        /// Raw ADC counts (MIT-BIH style: 200 counts per mV).
        case adc = "ADC units"

        /// Reads a unit from a header cell such as `(mV)`, `uV`, `MLII [µV]` or `adu`; nil when none is named.
        init?(label: String) {
            let tokens = label.lowercased()
                .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
                .map(String.init)
            for token in tokens {
                switch token {
                case "mv", "millivolt", "millivolts": self = .millivolt
                case "uv", "µv", "μv", "microvolt", "microvolts": self = .microvolt
                case "volt", "volts": self = .volt
                case "adu", "adc", "counts", "raw": self = .adc
                default: continue
                }
                return
            }
            return nil
        }
    }

    /// Counts per mV assumed for ADC values (the MIT-BIH and WFDB default gain).
    static let assumedADCGain = 200.0
    /// Robust peak-to-peak amplitudes up to this are taken as mV (no ECG lead spans 20 mV).
    static let maxMillivoltRange = 20.0

    /// Converts `values` to mV. With a declared unit the conversion follows it; otherwise the unit is chosen from
    /// the robust amplitude range (0.5–99.5 percentiles), integer-ness and offset, and the returned note says so.
    static func toMillivolts(_ values: [Double], declared: Unit?, leadName: String) -> ([Float], String?) {
        let stats = AmplitudeStatistics(values)
        if let declared {
            let (scale, offset) = conversion(for: declared, stats: stats)
            var note: String?
            if declared == .adc {
                note = "lead '\(leadName)' is in ADC units; assumed \(Int(assumedADCGain)) units per mV and a baseline of \(format(offset))"
            }
            return (values.map { Float(($0 - offset) * scale) }, note)
        }
        let unit: Unit
        let reason: String
        if stats.range <= maxMillivoltRange {
            unit = .millivolt
            reason = "amplitudes span \(format(stats.range))"
        } else if stats.allIntegers, abs(stats.median) >= 256, abs(stats.median) > stats.range {
            unit = .adc
            reason = "integer values around \(format(stats.median))"
        } else {
            unit = .microvolt
            reason = "amplitudes span \(format(stats.range))"
        }
        let (scale, offset) = conversion(for: unit, stats: stats)
        var note = "lead '\(leadName)' has no stated units; \(reason), so read as \(unit.rawValue)"
        if unit == .adc {
            note += " (\(Int(assumedADCGain)) per mV, baseline \(format(offset)))"
        }
        return (values.map { Float(($0 - offset) * scale) }, note)
    }

    /// mV = (value − offset) × scale.
    private static func conversion(for unit: Unit, stats: AmplitudeStatistics) -> (scale: Double, offset: Double) {
        switch unit {
        case .millivolt: (1, 0)
        case .microvolt: (0.001, 0)
        case .volt: (1000, 0)
        case .adc:
            // 11-bit unsigned ADC (0…2047, MIT-BIH) has its zero at 1024; otherwise the median is the baseline.
            (1 / assumedADCGain, stats.minimum >= 0 && stats.maximum <= 2047 && stats.median > 512 ? 1024 : stats.median)
        }
    }

    private static func format(_ value: Double) -> String { String(format: "%.4g", value) }
}

/// Robust amplitude statistics of a column, from at most 20 000 evenly spaced values.
struct AmplitudeStatistics {
    var median: Double
    /// 99.5th minus 0.5th percentile.
    var range: Double
    var minimum: Double
    var maximum: Double
    var allIntegers: Bool

    init(_ values: [Double]) {
        let stride = max(1, values.count / 20_000)
        var sample: [Double] = []
        sample.reserveCapacity(values.count / stride + 1)
        var index = 0
        while index < values.count {
            sample.append(values[index])
            index += stride
        }
        sample.sort()
        func percentile(_ p: Double) -> Double {
            guard !sample.isEmpty else { return 0 }
            return sample[min(sample.count - 1, Int(p * Double(sample.count - 1)))]
        }
        median = percentile(0.5)
        range = percentile(0.995) - percentile(0.005)
        minimum = values.min() ?? 0
        maximum = values.max() ?? 0
        allIntegers = sample.allSatisfy { $0 == $0.rounded() }
    }
}
