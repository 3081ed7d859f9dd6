#if Service
import Logging

/// Process-wide log setup for `ecg serve`: text (swift-log's standard-error handler, `key=value` metadata) or JSON
/// lines (``JSONLogHandler``), at one level.
public enum ServiceLogging {
    /// Accepted level names, most verbose first.
    public static let levels = Logger.Level.allCases.map(\.rawValue)

    /// Installs the handler; call once, before anything logs. Unknown level names mean `info`.
    public static func bootstrap(json: Bool, level name: String) {
        let level = Logger.Level(rawValue: name) ?? .info
        LoggingSystem.bootstrap { label in
            if json { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
#endif
