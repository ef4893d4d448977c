import Foundation
import PostgresNIO
import Testing
@testable import INVReveal

/// What only the PostgreSQL store has: its durability setting, its schema version and its
/// connection errors, against the server of `INV_TEST_POSTGRES_URL`.
@Suite(.enabled(if: RevealBackend.postgresConfigured, RevealBackend.postgresSkipped))
struct RevealPostgresTests {
    /// The `synchronous_commit` a connection of the store's pool runs with.
    func synchronousCommit(_ store: PostgresGameStore) async throws -> String? {
        try await store.autocommit { db in
            try await db.first("SELECT current_setting('synchronous_commit')", as: String.self, logger: store.logger)
        }
    }

    @Test func aDatabaseWithAsynchronousCommitIsWrittenWithSynchronousCommitAnyway() async throws {
        try await PostgresTestDatabase.with { database in
            try await database.execute("ALTER DATABASE \(database.url.database) SET synchronous_commit = off")
            let store = try await PostgresGameStore(url: database.url, maximumConnections: 2)
            let setting = try await synchronousCommit(store)
            let summary = try await store.storageSummary()
            await store.close()
            #expect(setting == "on", "an acknowledged answer must be flushed before the reply")
            #expect(summary.contains("synchronous_commit on"), "\(summary)")
            #expect(!summary.contains(database.url.password ?? "-"), "no password in the start-up line")
        }
    }

    @Test func twoProcessesCreatingTheSchemaAtOnceCreateItOnce() async throws {
        try await PostgresTestDatabase.with { database in
            async let a = PostgresGameStore(url: database.url, maximumConnections: 2)
            async let b = PostgresGameStore(url: database.url, maximumConnections: 2)
            let stores = try await [a, b]
            let versions = try await stores[0].autocommit { db in
                try await db.all("SELECT version FROM reveal_schema", as: Int.self, logger: stores[0].logger)
            }
            for store in stores { await store.close() }
            #expect(versions == [PostgresSchema.version])
        }
    }

    @Test func aDatabaseOfANewerSchemaIsRefused() async throws {
        try await PostgresTestDatabase.with { database in
            await (try await PostgresGameStore(url: database.url, maximumConnections: 1)).close()
            try await database.execute("INSERT INTO reveal_schema(version) VALUES (\(PostgresSchema.version + 1))", inItself: true)
            let error = await #expect(throws: RevealError.self) { try await PostgresGameStore(url: database.url, maximumConnections: 1) }
            #expect("\(error.map { "\($0)" } ?? "")".contains("schema version \(PostgresSchema.version + 1)"))
        }
    }

    @Test func aWrongPasswordIsReportedWithoutThePassword() async throws {
        var url = try RevealBackend.postgresServer()
        url.password = "not-the-password-\(UUID().uuidString)"
        let error = await #expect(throws: RevealError.self) { try await PostgresGameStore(url: url, maximumConnections: 1) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("cannot connect"), "\(message)")
        #expect(message.contains("\(url.host):\(url.port)/\(url.database)"), "names the server: \(message)")
        #expect(!message.contains(url.password!), "\(message)")
    }
}
