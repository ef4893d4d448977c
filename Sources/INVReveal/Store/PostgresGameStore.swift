import Foundation
import INVCore
import PostgresNIO

/// The ``GameStore`` for a deployment with several server processes: one PostgreSQL database that
/// every `inv reveal serve` shares, through a pool of connections per process (`PostgresClient`).
///
/// Concurrency: each method is one transaction at READ COMMITTED. Everything that reads a value
/// and writes from it locks the rows first (`SELECT … FOR UPDATE`): a player's row for
/// ``startGame(player:rules:trustMap:seed:now:)`` and ``answer(publicID:player:answer:rules:now:)``
/// (so one player's games are numbered, balanced and scored one at a time whichever process serves
/// them), the game's row for its answer (answered once), and counters are updated in place
/// (`completed_games = completed_games + 1`). A transaction the server aborts as a deadlock or
/// serialization failure is retried.
///
/// Durability: a commit returns only after its WAL record is flushed to disk, so an acknowledged
/// answer survives a SIGKILL of the server process and of PostgreSQL. That is `synchronous_commit`
/// `on` (the server's default) or stronger; a server, database or role that sets it `off`
/// (asynchronous commit, which may lose the last commits) is overridden to `on` for this store's
/// connections.
public final class PostgresGameStore: GameStore {
    let client: PostgresClient
    let logger: Logger
    public let url: PostgresURL
    public let maximumConnections: Int
    private let runner: Task<Void, Never>

    /// Connects (lazily: the first query opens the first connection) and creates the tables if missing.
    /// - Parameter maximumConnections: this process's share of the server's `max_connections`.
    public init(url: PostgresURL, maximumConnections: Int = 20) async throws {
        self.url = url
        self.maximumConnections = maximumConnections
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.username,
                                                         password: url.password, database: url.database, tls: Self.tls(url.tls))
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "deep-reveal.postgres")
        // The pool logs every failed connection attempt while it backs off; the probe below and
        // the errors of the queries report what matters.
        logger.logLevel = .error
        self.logger = logger
        let serverCommit: String
        do {
            serverCommit = try await Self.probe(url, logger: logger)
        } catch {
            throw RevealError.store("\(url): cannot connect: \(Self.describe(error))")
        }
        if serverCommit == "off" { configuration.options.additionalStartupParameters = [("synchronous_commit", "on")] }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        do {
            try await PostgresSchema.migrate(self)
        } catch {
            await close()
            throw RevealError.store("\(url): \(Self.describe(error))")
        }
    }

    public func storageSummary() async throws -> String {
        let (version, commit) = try await autocommit { db in
            try await db.first("SELECT current_setting('server_version'), current_setting('synchronous_commit')",
                               as: (String, String).self, logger: logger) ?? ("?", "?")
        }
        return "\(url): PostgreSQL \(version), synchronous_commit \(commit), up to \(maximumConnections) connection(s) from this process"
    }

    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// One connection opened and closed at once, so that a wrong host, password or database name is
    /// reported at start-up in the server's words (the pool would retry it with back-off for a minute).
    /// Returns the `synchronous_commit` a new session of this role gets in this database.
    private static func probe(_ url: PostgresURL, logger: Logger) async throws -> String {
        let connection = try await connect(url, logger: logger)
        do {
            let setting = try await connection.first("SELECT current_setting('synchronous_commit')", as: String.self, logger: logger)
            try await connection.close()
            return setting ?? "on"
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A single connection outside the pool, with the URL's TLS mode (for the start-up probe and for
    /// administration such as creating a database).
    static func connect(_ url: PostgresURL, logger: Logger) async throws -> PostgresConnection {
        let tls: PostgresConnection.Configuration.TLS = switch url.tls {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.username,
                                                             password: url.password, database: url.database, tls: tls)
        return try await PostgresConnection.connect(on: PostgresClient.defaultEventLoopGroup.any(),
                                                    configuration: configuration, id: 0, logger: logger).get()
    }

    private static func tls(_ mode: PostgresURL.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: Transactions

    /// Runs `body` in one transaction on a pooled connection: committed when it returns, rolled
    /// back when it throws (its error is rethrown as is). Deadlocks and serialization failures,
    /// which PostgreSQL resolves by aborting one transaction, are retried up to `attempts` times.
    func transaction<T: Sendable>(attempts: Int = 5, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < attempts && Self.isRetryable(error) {
                attempt += 1
            }
        }
    }

    /// Work of single statements, each its own implicit transaction (one statement sees one snapshot
    /// and changes atomically), on a pooled connection.
    func autocommit<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in try await body(connection) }
    }

    static func isRetryable(_ error: PSQLError) -> Bool {
        let state = error.serverInfo?[.sqlState]
        return state == PostgresError.Code.serializationFailure.raw || state == PostgresError.Code.deadlockDetected.raw
    }

    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw
    }

    /// The server's message and SQLSTATE (`PSQLError`'s own description hides both).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo {
            return "\(info[.message] ?? "server error") (SQLSTATE \(info[.sqlState] ?? "?"))"
        }
        return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
    }
}

// MARK: Query helpers

extension PostgresConnection {
    /// All rows of `query`, each decoded as the columns' types.
    func all<each Column: PostgresDecodable>(_ query: PostgresQuery, as type: (repeat each Column).Type,
                                              logger: Logger) async throws -> [(repeat each Column)] {
        var result: [(repeat each Column)] = []
        for try await row in try await self.query(query, logger: logger) { result.append(try row.decode(type)) }
        return result
    }

    /// All values of a one-column `query`.
    func all<Column: PostgresDecodable>(_ query: PostgresQuery, as type: Column.Type, logger: Logger) async throws -> [Column] {
        var result: [Column] = []
        for try await row in try await self.query(query, logger: logger) { result.append(try row.decode(type)) }
        return result
    }

    /// The first row of `query` (nil when there is none).
    func first<each Column: PostgresDecodable>(_ query: PostgresQuery, as type: (repeat each Column).Type,
                                                logger: Logger) async throws -> (repeat each Column)? {
        try await all(query, as: type, logger: logger).first
    }

    /// The first value of a one-column `query` (nil when there is no row).
    func first<Column: PostgresDecodable>(_ query: PostgresQuery, as type: Column.Type, logger: Logger) async throws -> Column? {
        try await all(query, as: type, logger: logger).first
    }

    /// Runs a statement (a statement that must report what it changed says `RETURNING` and uses ``first(_:as:logger:)``).
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        let rows = try await self.query(query, logger: logger)
        for try await _ in rows {}
    }
}
