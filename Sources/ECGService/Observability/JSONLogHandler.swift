#if Service
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error (`ecg serve --log-format json`):
/// `{"time":"2026-12-03T05:01:02.345Z","level":"info","label":"ecg","message":"…","request_id":"…",…}` — the
/// logger's and the call's metadata become top-level string members (the call's win on a clash).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        FileHandle.standardError.write(line(for: event, at: Date()))
    }

    /// The JSON line (with its newline) for one event.
    func line(for event: LogEvent, at time: Date) -> Data {
        var members: [String: String] = [:]
        for (key, value) in metadata { members[key] = "\(value)" }
        for (key, value) in event.metadata ?? [:] { members[key] = "\(value)" }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        members["time"] = formatter.string(from: time)
        members["level"] = event.level.rawValue
        members["label"] = label
        members["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = (try? encoder.encode(members)) ?? Data(#"{"message":"unencodable log line"}"#.utf8)
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
#endif
