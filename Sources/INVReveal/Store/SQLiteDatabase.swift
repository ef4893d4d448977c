import Foundation
import GRDB

/// Opening an INVKit SQLite database: one file through GRDB, in WAL mode (readers never block the
/// writer; GRDB serialises the writes of this process), foreign keys on, a 10 s busy timeout, and
/// the migrations applied. Used by the game store and the study rating app's store.
///
/// Durability: `synchronous = FULL` by default. In WAL mode SQLite fsyncs the log at every commit
/// then, so an acknowledged answer survives a SIGKILL *and* an OS crash or power cut. `NORMAL`
/// skips that fsync: it still survives a SIGKILL of the server (the log is in the OS cache) but may
/// lose the last commits on power loss — a choice for a disposable machine, not the default.
public enum SQLiteDatabase {
    public enum Synchronous: String, Sendable, Codable { case full, normal }

    /// Why a database URL or file cannot be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The file path of `sqlite:PATH` or a plain path.
    public static func path(fromURL url: String) throws -> String {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            throw OpenError(description: "\(url): only SQLite is supported (sqlite:PATH or a plain path)")
        }
        let path = url.hasPrefix("sqlite:") ? String(url.dropFirst("sqlite:".count)) : url
        guard !path.isEmpty else { throw OpenError(description: "\(url): expected sqlite:PATH or a plain path") }
        return path
    }

    /// A WAL-mode pool over `path` with `migrator` applied.
    public static func open(path: String, synchronous: Synchronous = .full, migrator: DatabaseMigrator) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let pragma = synchronous == .full ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(pragma)")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try migrator.migrate(pool)
        return pool
    }

    /// The journal mode and synchronous level in force (for start-up lines and tests).
    public static func durability(_ pool: DatabasePool) async throws -> (journal: String, synchronous: Int) {
        try await pool.write { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "?", try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
        }
    }
}
