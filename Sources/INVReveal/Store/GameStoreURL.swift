import Foundation

/// Where `--db` points: a SQLite file (`sqlite:PATH` or a plain path, the default) or a PostgreSQL
/// database (`postgres://…`, for several server processes sharing one database).
public enum GameStoreURL: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    public init(parsing text: String) throws {
        if PostgresURL.matches(text) {
            self = .postgres(try PostgresURL(parsing: text))
            return
        }
        if text.contains("://") { throw GameStoreError.unsupportedURL(PostgresURL.redacting(text)) }
        let path = text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
        guard !path.isEmpty else { throw GameStoreError.unsupportedURL(text) }
        self = .sqlite(path: path)
    }

    /// The location without a password, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): url.description
        }
    }

    /// Opens the store (creating its tables if missing).
    /// - Parameters:
    ///   - synchronous: the SQLite durability level (PostgreSQL always flushes a commit before it returns: see ``PostgresGameStore``).
    ///   - maximumConnections: the PostgreSQL pool size of this process.
    public func open(synchronous: SQLiteGameStore.Synchronous = .full, maximumConnections: Int = 20) async throws -> any GameStore {
        switch self {
        case .sqlite(let path): try SQLiteGameStore(path: path, synchronous: synchronous)
        case .postgres(let url): try await PostgresGameStore(url: url, maximumConnections: maximumConnections)
        }
    }
}
