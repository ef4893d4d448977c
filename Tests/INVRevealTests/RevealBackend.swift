import Foundation
import GRDB
import PostgresNIO
import Testing
@testable import INVReveal

/// The stores the Deep Reveal suites run against, as the argument of each parameterised test:
/// SQLite always, PostgreSQL when `INV_TEST_POSTGRES_URL` names a server whose user may create
/// databases (`Scripts/postgres-test-server.sh run …` starts a throwaway one and sets it). Without
/// the variable the PostgreSQL cases are not run (each test reports one case instead of two) and
/// ``RevealPostgresTests`` shows as skipped, with the reason. Every test gets a new empty database
/// of its own, closed (and, on PostgreSQL, dropped) when the test ends.
enum RevealBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    static let postgresVariable = "INV_TEST_POSTGRES_URL"
    static let postgresURLText = ProcessInfo.processInfo.environment[postgresVariable].flatMap { $0.isEmpty ? nil : $0 }
    static var postgresConfigured: Bool { postgresURLText != nil }
    static let postgresSkipped: Comment = """
        PostgreSQL cases skipped: \(postgresVariable) is not set (postgres://user:password@127.0.0.1:PORT/DATABASE of a user \
        who may create databases; `Scripts/postgres-test-server.sh run swift test …` starts a server and sets it)
        """

    /// The backends to test here: SQLite, and PostgreSQL when its server is configured.
    static let available: [RevealBackend] = postgresConfigured ? [.sqlite, .postgres] : [.sqlite]

    var testDescription: String { rawValue }

    /// The server of `INV_TEST_POSTGRES_URL`.
    static func postgresServer() throws -> PostgresURL {
        guard let postgresURLText else { throw RevealError.store("\(postgresVariable) is not set") }
        return try PostgresURL(parsing: postgresURLText)
    }

    /// Runs `body` with `stores` stores open on one new, empty database in `directory` (several
    /// stores stand for several server processes), then closes them and, on PostgreSQL, drops the
    /// database, also when `body` throws.
    func withStores<T>(_ stores: Int = 1, in directory: URL, _ body: ([any GameStore]) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let path = directory.appendingPathComponent("reveal.sqlite").path
            let opened: [any GameStore] = try (0..<stores).map { _ in try SQLiteGameStore(path: path) }
            return try await Self.closing(opened, body)
        case .postgres:
            return try await PostgresTestDatabase.with { database in
                var opened: [any GameStore] = []
                for _ in 0..<stores {
                    do { opened.append(try await PostgresGameStore(url: database.url, maximumConnections: 4)) } catch {
                        for store in opened { await store.close() }
                        throw error
                    }
                }
                return try await Self.closing(opened, body)
            }
        }
    }

    private static func closing<T>(_ stores: [any GameStore], _ body: ([any GameStore]) async throws -> T) async throws -> T {
        do {
            let value = try await body(stores)
            for store in stores { await store.close() }
            return value
        } catch {
            for store in stores { await store.close() }
            throw error
        }
    }
}

/// A database of its own for one test on the server of `INV_TEST_POSTGRES_URL`.
struct PostgresTestDatabase {
    /// The server's URL with the new database's name.
    var url: PostgresURL
    private var server: PostgresURL

    static let logger = Logger(label: "reveal-tests.postgres")

    /// Runs `body` with a new empty database and drops it afterwards, also when `body` throws.
    static func with<T>(_ body: (PostgresTestDatabase) async throws -> T) async throws -> T {
        let server = try RevealBackend.postgresServer()
        var url = server
        url.database = "reveal_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let database = PostgresTestDatabase(url: url, server: server)
        try await database.execute("CREATE DATABASE \(url.database)")
        do {
            let value = try await body(database)
            try await database.drop()
            return value
        } catch {
            try? await database.drop()
            throw error
        }
    }

    /// Drops the database, ending any session still connected to it.
    private func drop() async throws {
        try await execute("DROP DATABASE IF EXISTS \(url.database) WITH (FORCE)")
    }

    /// Runs one statement made by the test (never from input) on the server's own database, or with
    /// `inItself` on the test's database.
    func execute(_ statement: String, inItself: Bool = false) async throws {
        let target = inItself ? url : server
        let connection = try await PostgresGameStore.connect(target, logger: Self.logger)
        do {
            try await connection.run(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw RevealError.store("\(target): \(statement): \(PostgresGameStore.describe(error))")
        }
    }
}

/// Direct reads of a store's tables, for checks the API does not offer.
enum StoreInspection {
    /// The correct class of a game (the client never sees it before answering).
    static func correctClass(_ store: any GameStore, _ gameID: String) async throws -> Int {
        switch store {
        case let sqlite as SQLiteGameStore:
            return try await sqlite.pool.read { db in
                try #require(try Int.fetchOne(db, sql: "SELECT correct_class FROM games WHERE public_id = ?", arguments: [gameID]))
            }
        case let postgres as PostgresGameStore:
            return try #require(try await postgres.autocommit { db in
                try await db.first("SELECT correct_class FROM games WHERE public_id = \(gameID)", as: Int.self, logger: postgres.logger)
            })
        default:
            throw RevealError.store("no inspection for \(type(of: store))")
        }
    }

    /// The names of the store's tables.
    static func tableNames(_ store: any GameStore) async throws -> [String] {
        switch store {
        case let sqlite as SQLiteGameStore:
            return try await sqlite.pool.read { db in
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            }
        case let postgres as PostgresGameStore:
            return try await postgres.autocommit { db in
                try await db.all("SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                                 as: String.self, logger: postgres.logger)
            }
        default:
            throw RevealError.store("no inspection for \(type(of: store))")
        }
    }
}
