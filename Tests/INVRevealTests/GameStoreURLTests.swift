import Foundation
import Testing
@testable import INVReveal

/// `--db`: SQLite paths and PostgreSQL URLs, and errors that never show a password.
@Suite struct GameStoreURLTests {
    @Test func sqliteLocations() throws {
        #expect(try GameStoreURL(parsing: "sqlite:data/reveal.sqlite") == .sqlite(path: "data/reveal.sqlite"))
        #expect(try GameStoreURL(parsing: "/var/lib/reveal.sqlite") == .sqlite(path: "/var/lib/reveal.sqlite"))
        #expect(throws: GameStoreError.unsupportedURL("sqlite:")) { try GameStoreURL(parsing: "sqlite:") }
        #expect(throws: GameStoreError.unsupportedURL("mysql://root:***@db/reveal")) { try GameStoreURL(parsing: "mysql://root:hunter2@db/reveal") }
    }

    @Test func postgresURLs() throws {
        let url = try PostgresURL(parsing: "postgresql://reveal:p%40ss%3Aword@db.internal:6543/game?sslmode=require")
        #expect(url == PostgresURL(host: "db.internal", port: 6543, username: "reveal", password: "p@ss:word", database: "game", tls: .require))
        #expect(url.description == "postgres://reveal@db.internal:6543/game?sslmode=require")
        let plain = try PostgresURL(parsing: "postgres://reveal@127.0.0.1/reveal")
        #expect(plain.port == 5432 && plain.password == nil && plain.tls == .prefer)
        #expect(try GameStoreURL(parsing: "postgres://reveal:secret@127.0.0.1:5432/reveal") == .postgres(
            PostgresURL(host: "127.0.0.1", username: "reveal", password: "secret", database: "reveal")))
    }

    @Test(arguments: [
        ("postgres://reveal:secret@/reveal", "no host"),
        ("postgres://:secret@db/reveal", "no user name"),
        ("postgres://reveal:secret@db:5432", "expected one database name"),
        ("postgres://reveal:secret@db/a/b", "expected one database name"),
        ("postgres://reveal:secret@db:99999/reveal", "port: expected 1…65535, got 99999"),
        ("postgres://reveal:secret@db/reveal?sslmode=verify", "sslmode: expected disable, prefer, require, got 'verify'"),
        ("postgres://reveal:secret@db/reveal?timeout=3", "unknown parameter 'timeout'"),
    ])
    func badPostgresURLsNameTheWrongPartAndHideThePassword(text: String, expected: String) {
        let message = (try? GameStoreURL(parsing: text)).map { "parsed as \($0)" } ?? {
            do { _ = try GameStoreURL(parsing: text); return "" } catch { return "\(error)" }
        }()
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("secret"), "\(message)")
    }
}
