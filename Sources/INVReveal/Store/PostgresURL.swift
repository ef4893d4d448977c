import Foundation

/// The `--db postgres://user:password@host:port/database` of ``PostgresGameStore`` (`postgresql://`
/// too), as libpq spells it. User and password may be percent-encoded; the port defaults to 5432; the
/// only query parameter is `sslmode` = `disable`, `prefer` (the default, as in libpq) or `require`.
/// Errors name the part that is wrong and never repeat the password.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, CaseIterable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    /// Whether `text` names a PostgreSQL database (rather than a SQLite file).
    public static func matches(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .prefer) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    public init(parsing text: String) throws {
        let shown = Self.redacting(text)
        func invalid(_ message: String) -> GameStoreError { .invalidPostgresURL(shown, message) }
        guard Self.matches(text) else { throw invalid("expected the scheme postgres:// or postgresql://") }
        guard let parts = URLComponents(string: text) else {
            throw invalid("not a URL (a port that is not a number, or a space or '@' in the password that is not percent-encoded?)")
        }
        guard let host = parts.host, !host.isEmpty else { throw invalid("no host (expected postgres://user:password@host:port/database)") }
        guard let username = parts.user, !username.isEmpty else { throw invalid("no user name before '@'") }
        let port = parts.port ?? 5432
        guard (1...65535).contains(port) else { throw invalid("port: expected 1…65535, got \(port)") }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        guard !database.isEmpty, !database.contains("/") else { throw invalid("expected one database name after the host, as in …@host:5432/reveal") }
        var tls = TLSMode.prefer
        for item in parts.queryItems ?? [] {
            guard item.name == "sslmode" else { throw invalid("unknown parameter '\(item.name)' (only sslmode is understood)") }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw invalid("sslmode: expected \(TLSMode.allCases.map(\.rawValue).joined(separator: ", ")), got '\(item.value ?? "")'")
            }
            tls = mode
        }
        self.init(host: host, port: port, username: username, password: parts.password, database: database, tls: tls)
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// `text` with anything between `user:` and `@` replaced, so no message shows a password.
    public static func redacting(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
              schemeEnd.upperBound <= at.lowerBound,
              let colon = text[schemeEnd.upperBound..<at.lowerBound].firstIndex(of: ":") else { return text }
        return text.replacingCharacters(in: text.index(after: colon)..<at.lowerBound, with: "***")
    }
}
