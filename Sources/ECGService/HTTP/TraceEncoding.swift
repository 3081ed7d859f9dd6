#if Service
import Foundation

extension SignalTrace {
    /// Longest stretch put in a response, in seconds (the page plots the start of the recording).
    static let maxPlottedSeconds = 60.0

    /// `{"lead":"MLII","sample_rate_hz":360,"duration_s":10,"truncated":false,"samples_mv":[-0.145,…]}`:
    /// at most the first ``maxPlottedSeconds`` of the lead, samples in mV rounded to 1 µV.
    func plotJSON() -> Data {
        let rate = sampleRate.isFinite && sampleRate > 0 ? sampleRate : 1
        let limit = Int(min(Double(samples.count), (Self.maxPlottedSeconds * rate).rounded(.down)))
        var text = [UInt8]()
        text.reserveCapacity(128 + limit * 8)
        text.append(contentsOf: Array("{\"lead\":".utf8))
        text.append(contentsOf: JSONObjectSplice.string(lead))
        text.append(contentsOf: Array(",\"sample_rate_hz\":\(Self.number(rate)),\"duration_s\":".utf8))
        text.append(contentsOf: Array(Self.number(Double(samples.count) / rate).utf8))
        text.append(contentsOf: Array(",\"truncated\":\(limit < samples.count),\"samples_mv\":[".utf8))
        for index in 0..<limit {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            Self.appendMicrovoltRounded(samples[index], to: &text)
        }
        text.append(contentsOf: Array("]}".utf8))
        return Data(text)
    }

    /// Writes a value in mV with three decimals (`-1.234`), `null` when not finite.
    private static func appendMicrovoltRounded(_ value: Float, to text: inout [UInt8]) {
        guard value.isFinite, abs(value) < 1e9 else {
            text.append(contentsOf: Array("null".utf8))
            return
        }
        var micro = Int64((Double(value) * 1000).rounded())
        if micro < 0 {
            text.append(UInt8(ascii: "-"))
            micro = -micro
        }
        appendDigits(micro / 1000, to: &text)
        let fraction = micro % 1000
        if fraction != 0 {
            text.append(UInt8(ascii: "."))
            text.append(UInt8(ascii: "0") + UInt8(fraction / 100))
            if fraction % 100 != 0 {
                text.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
                if fraction % 10 != 0 { text.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
            }
        }
    }

    private static func appendDigits(_ value: Int64, to text: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &text) }
        text.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
#endif
