import Foundation
import PostgresNIO

extension PostgresGameStore {
    static let playerColumns = "id, username, trusted, score, games, wins, losses, resigns, streak, best_streak"
    typealias PlayerRow = (Int64, String?, Bool, Int, Int, Int, Int, Int, Int, Int)

    static func player(_ row: PlayerRow) -> Player {
        Player(id: row.0, username: row.1, trusted: row.2, score: row.3, games: row.4, wins: row.5, losses: row.6,
               resigns: row.7, streak: row.8, bestStreak: row.9)
    }

    static func fetchPlayer(_ db: PostgresConnection, _ id: Int64, logger: Logger) async throws -> Player? {
        try await db.first("SELECT \(unescaped: playerColumns) FROM players WHERE id = \(id)", as: PlayerRow.self, logger: logger)
            .map(player)
    }

    /// Names are unique ignoring case through the `players_username` index, so two processes
    /// registering the same name at once cannot both succeed: the second insert is refused.
    public func createPlayer(_ new: NewPlayer) async throws -> Player {
        do {
            return try await transaction { db in
                guard let id = try await db.first("""
                    INSERT INTO players(username, email, password_hash, created)
                    VALUES (\(new.username), \(new.email), \(new.passwordHash), \(Date().timeIntervalSince1970)) RETURNING id
                    """, as: Int64.self, logger: logger),
                    let player = try await Self.fetchPlayer(db, id, logger: logger)
                else { throw RevealError.store("the new player's row is missing after its insert") }
                return player
            }
        } catch where Self.isUniqueViolation(error) {
            throw GameStoreError.usernameTaken
        }
    }

    public func player(_ id: Int64) async throws -> Player? {
        try await autocommit { db in try await Self.fetchPlayer(db, id, logger: logger) }
    }

    public func credentials(username: String) async throws -> (player: Player, passwordHash: String)? {
        let row = try await autocommit { db in
            try await db.first("""
                SELECT \(unescaped: Self.playerColumns), password_hash FROM players WHERE lower(username) = lower(\(username))
                """, as: (Int64, String?, Bool, Int, Int, Int, Int, Int, Int, Int, String?).self, logger: logger)
        }
        guard let row, let hash = row.10 else { return nil }
        return (Self.player((row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9)), hash)
    }

    public func playerID(email: String) async throws -> Int64? {
        try await autocommit { db in
            try await db.first("""
                SELECT id FROM players WHERE lower(email) = lower(\(email)) AND username IS NOT NULL ORDER BY id LIMIT 1
                """, as: Int64.self, logger: logger)
        }
    }

    public func setPasswordHash(player: Int64, hash: String) async throws {
        try await autocommit { db in try await db.run("UPDATE players SET password_hash = \(hash) WHERE id = \(player)", logger: logger) }
    }

    public func createSession(_ session: SessionRecord) async throws {
        try await transaction { db in
            try await db.run("DELETE FROM sessions WHERE expires < \(Date().timeIntervalSince1970)", logger: logger)
            try await db.run("""
                INSERT INTO sessions(token_hash, player_id, csrf, expires)
                VALUES (\(session.tokenHash), \(session.player), \(session.csrf), \(session.expires.timeIntervalSince1970))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> SessionRecord? {
        try await autocommit { db in
            try await db.first("""
                SELECT player_id, csrf, expires FROM sessions WHERE token_hash = \(tokenHash) AND expires > \(now.timeIntervalSince1970)
                """, as: (Int64, String, Double).self, logger: logger)
        }.map { player, csrf, expires in
            SessionRecord(tokenHash: tokenHash, player: player, csrf: csrf, expires: Date(timeIntervalSince1970: expires))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await autocommit { db in try await db.run("DELETE FROM sessions WHERE token_hash = \(tokenHash)", logger: logger) }
    }

    public func deleteSessions(player: Int64) async throws {
        try await autocommit { db in try await db.run("DELETE FROM sessions WHERE player_id = \(player)", logger: logger) }
    }

    public func createResetToken(hash: String, player: Int64, expires: Date) async throws {
        try await autocommit { db in
            try await db.run("""
                INSERT INTO reset_tokens(token_hash, player_id, expires) VALUES (\(hash), \(player), \(expires.timeIntervalSince1970))
                """, logger: logger)
        }
    }

    /// One statement: of two processes consuming the same token at once, only one gets its player.
    public func consumeResetToken(hash: String, now: Date) async throws -> Int64? {
        try await autocommit { db in
            try await db.first("""
                UPDATE reset_tokens SET used = TRUE WHERE token_hash = \(hash) AND NOT used AND expires > \(now.timeIntervalSince1970)
                RETURNING player_id
                """, as: Int64.self, logger: logger)
        }
    }
}
