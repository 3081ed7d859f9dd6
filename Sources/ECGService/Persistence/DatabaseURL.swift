#if Service
import Foundation
import PostgresNIO

/// A PostgreSQL connection URL, `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]` (also
/// `postgres://`), as `ecg serve --database-url` and `ECG_DATABASE_URL` take it.
///
/// User and password may be percent-encoded. `sslmode` is `disable`, `prefer` (default: TLS when the server offers
/// it) or `require` (TLS with the certificate checked against the system's trust roots and the host name).
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode

    /// Parses `text`.
    /// - Throws: ``ResultStoreError/invalidDatabaseURL(_:)`` naming what is wrong (never echoing the password).
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text) else {
            throw ResultStoreError.invalidDatabaseURL("not a URL (expected postgresql://USER@HOST:PORT/DATABASE)")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgresql" || scheme == "postgres" else {
            throw ResultStoreError.invalidDatabaseURL("the scheme must be postgresql://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ResultStoreError.invalidDatabaseURL("no host (expected postgresql://USER@HOST:PORT/DATABASE)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw ResultStoreError.invalidDatabaseURL("no user name (expected postgresql://USER@HOST:PORT/DATABASE)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw ResultStoreError.invalidDatabaseURL("no database name (expected postgresql://USER@HOST:PORT/DATABASE)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw ResultStoreError.invalidDatabaseURL("the port must be 1-65535") }
        var tlsMode = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw ResultStoreError.invalidDatabaseURL("unknown parameter '\(item.name)' (only sslmode is read)")
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw ResultStoreError.invalidDatabaseURL("sslmode must be disable, prefer or require")
            }
            tlsMode = mode
        }
        self.host = host
        self.port = port
        self.user = components.user?.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tlsMode = tlsMode
    }

    /// The URL without its password, for logs.
    public var description: String {
        "postgresql://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    /// PostgresNIO's client configuration for this URL.
    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
#endif
