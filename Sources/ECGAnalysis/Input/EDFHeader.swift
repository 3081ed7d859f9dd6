import Foundation

/// The fixed-width ASCII header of an EDF or EDF+ file (Kemp et al. 1992, *Electroencephalogr. Clin. Neurophysiol.*
/// 82:391; EDF+: Kemp & Olivan 2003, *Clin. Neurophysiol.* 114:1755).
///
/// Layout: 256 bytes for the file, then 256 bytes per signal stored field by field (all labels, then all transducers,
/// …). Every field is space-padded ASCII. Each data record then holds, signal after signal, `samplesPerRecord`
/// little-endian 16-bit two's-complement integers. Every field is checked here, before any sample is read: a header
/// that disagrees with itself or with the file's length is refused with `invalidInput`.
struct EDFHeader: Sendable {
    /// Which flavour of the format the reserved field announces.
    enum Variant: Sendable, Equatable {
        /// Plain EDF: records are contiguous in time.
        case edf
        /// EDF+ continuous (`EDF+C`): contiguous records, plus an annotations signal.
        case edfPlusContinuous
        /// EDF+ discontinuous (`EDF+D`): each record's start time is in its annotations signal; there may be gaps.
        case edfPlusDiscontinuous
    }

    /// One signal's header fields.
    struct Signal: Sendable {
        var label: String
        var transducer: String
        var physicalDimension: String
        var physicalMinimum: Double
        var physicalMaximum: Double
        var digitalMinimum: Int
        var digitalMaximum: Int
        var prefiltering: String
        var samplesPerRecord: Int
        /// Byte offset of this signal's samples inside one data record.
        var byteOffset: Int

        /// The EDF+ annotations signal (`EDF Annotations`), which carries text, not samples.
        var isAnnotations: Bool { label == "EDF Annotations" }

        /// Physical value of a digital sample: `(d − dmin) · (pmax − pmin) / (dmax − dmin) + pmin`.
        var gain: Double { (physicalMaximum - physicalMinimum) / Double(digitalMaximum - digitalMinimum) }
        var offset: Double { physicalMinimum - Double(digitalMinimum) * gain }
    }

    static let fixedBytes = 256
    static let bytesPerSignal = 256
    /// More signals than this is not an ECG file (EDF itself allows 9999).
    static let maxSignals = 512
    /// Bound on one data record, so that no size arithmetic can overflow and no record needs absurd memory.
    static let maxRecordBytes = 64 << 20

    var variant: Variant
    var patient: String
    var recording: String
    var startDate: String
    var startTime: String
    var headerBytes: Int
    /// Data records in the file (counted from the file's length when the header says −1).
    var recordCount: Int
    /// Seconds per data record (0 only for annotation-only files).
    var recordDuration: Double
    var signals: [Signal]
    /// Bytes per data record.
    var recordBytes: Int
    /// Notes on tolerated irregularities (trailing bytes, unknown record count).
    var warnings: [String]

    /// True when `bytes` starts like an EDF header: version "0" and a numeric header size.
    static func looksLikeEDF<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        guard bytes.count >= fixedBytes else { return false }
        guard bytes[0] == UInt8(ascii: "0"), bytes[1..<8].allSatisfy({ $0 == 0x20 }) else { return false }
        let size = String(decoding: bytes[184..<192], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return Int(size).map { $0 >= 512 && $0 % 256 == 0 } ?? false
    }

    /// Parses and checks the header against `bytes` (the whole file).
    init(bytes: UnsafeRawBufferPointer) throws {
        func fail(_ message: String) -> ECGAnalysisError { .invalidInput("EDF: \(message)") }
        guard bytes.count >= Self.fixedBytes else { throw fail("the file is shorter than the 256-byte header") }
        if bytes[0] == 0xFF { throw ECGAnalysisError.unsupportedFormat("BDF (24-bit) files are not read; export EDF (16-bit)") }

        var cursor = 0
        func field(_ width: Int) throws -> String {
            guard cursor + width <= bytes.count else { throw fail("the header is truncated") }
            let slice = bytes[cursor..<cursor + width]
            cursor += width
            guard slice.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw fail("the header holds non-ASCII bytes at offset \(cursor - width)")
            }
            return String(decoding: slice, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        func integer(_ text: String, _ name: String) throws -> Int {
            guard let value = Int(text) else { throw fail("\(name) '\(text)' is not an integer") }
            return value
        }
        func number(_ text: String, _ name: String) throws -> Double {
            guard let value = Double(text), value.isFinite else { throw fail("\(name) '\(text)' is not a number") }
            return value
        }

        let version = try field(8)
        guard version == "0" else { throw fail("version '\(version)' is not 0") }
        patient = try field(80)
        recording = try field(80)
        startDate = try field(8)
        startTime = try field(8)
        headerBytes = try integer(try field(8), "the header size")
        let reserved = try field(44)
        variant = reserved.hasPrefix("EDF+D") ? .edfPlusDiscontinuous : reserved.hasPrefix("EDF+C") ? .edfPlusContinuous : .edf
        let declaredRecords = try integer(try field(8), "the number of data records")
        recordDuration = try number(try field(8), "the data record duration")
        let signalCount = try integer(try field(4), "the number of signals")

        guard (1...Self.maxSignals).contains(signalCount) else {
            throw fail("\(signalCount) signals (1–\(Self.maxSignals) are read)")
        }
        guard headerBytes == Self.fixedBytes + Self.bytesPerSignal * signalCount else {
            throw fail("the header size \(headerBytes) does not match \(signalCount) signals")
        }
        guard bytes.count >= headerBytes else { throw fail("the file ends inside the signal headers") }
        guard recordDuration >= 0, recordDuration <= 86_400 else {
            throw fail("the data record duration \(recordDuration) s is out of range")
        }

        func column(_ width: Int) throws -> [String] { try (0..<signalCount).map { _ in try field(width) } }
        let labels = try column(16), transducers = try column(80), dimensions = try column(8)
        let physicalMinima = try column(8), physicalMaxima = try column(8)
        let digitalMinima = try column(8), digitalMaxima = try column(8)
        let prefilterings = try column(80), sampleCounts = try column(8)
        _ = try column(32)

        var signals: [Signal] = []
        var recordBytes = 0
        for i in 0..<signalCount {
            let name = labels[i].isEmpty ? "signal \(i + 1)" : labels[i]
            let samples = try integer(sampleCounts[i], "samples per record of '\(name)'")
            guard samples >= 1, samples <= Self.maxRecordBytes / 2 else {
                throw fail("'\(name)' has \(samples) samples per data record")
            }
            let signal = Signal(
                label: labels[i], transducer: transducers[i], physicalDimension: dimensions[i],
                physicalMinimum: try number(physicalMinima[i], "physical minimum of '\(name)'"),
                physicalMaximum: try number(physicalMaxima[i], "physical maximum of '\(name)'"),
                digitalMinimum: try integer(digitalMinima[i], "digital minimum of '\(name)'"),
                digitalMaximum: try integer(digitalMaxima[i], "digital maximum of '\(name)'"),
                prefiltering: prefilterings[i], samplesPerRecord: samples, byteOffset: recordBytes)
            guard Int(Int16.min)...Int(Int16.max) ~= signal.digitalMinimum,
                  Int(Int16.min)...Int(Int16.max) ~= signal.digitalMaximum,
                  signal.digitalMaximum > signal.digitalMinimum else {
                throw fail("'\(name)' has digital range \(signal.digitalMinimum)…\(signal.digitalMaximum)")
            }
            guard signal.isAnnotations || signal.physicalMaximum != signal.physicalMinimum else {
                throw fail("'\(name)' has an empty physical range")
            }
            recordBytes += 2 * samples
            guard recordBytes <= Self.maxRecordBytes else { throw fail("a data record is larger than 64 MB") }
            signals.append(signal)
        }
        self.signals = signals
        self.recordBytes = recordBytes

        var warnings: [String] = []
        let available = (bytes.count - headerBytes) / recordBytes
        if declaredRecords == -1 {
            recordCount = available
            warnings.append("EDF: the header does not state the number of data records; \(available) read from the file's length")
        } else {
            guard declaredRecords >= 0 else { throw fail("the number of data records is \(declaredRecords)") }
            guard declaredRecords <= available else {
                throw fail("the file is truncated: the header announces \(declaredRecords) data records, the file holds \(available)")
            }
            recordCount = declaredRecords
        }
        let trailing = bytes.count - headerBytes - recordCount * recordBytes
        if trailing > 0 { warnings.append("EDF: \(trailing) bytes after the last data record were ignored") }
        self.warnings = warnings
    }
}
