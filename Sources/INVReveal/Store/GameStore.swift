import Foundation
import INVCore

/// The database behind *Deep Reveal*. Each method is one transaction: when it returns, what it
/// wrote is committed (durably, see ``SQLiteGameStore`` and ``PostgresGameStore``), so the server
/// acknowledges only committed answers. Game rules come from ``RevealRules``, ``OptionDrawing`` and
/// ``MapBalancing``; an implementation only applies them inside its transaction.
///
/// Ownership is part of every game query: a game is found only by its public id *and* its
/// player, so another player's id behaves exactly like an unknown one.
public protocol GameStore: Sendable {
    // MARK: Data set
    /// Replaces nothing: adds the images and cluster maps of an INV run (images already present
    /// under the same run and name are skipped) and records the class list.
    func importDataset(_ dataset: RevealDataset) async throws -> RevealDataset.Summary
    func classNames() async throws -> [String]
    func storedMap(_ map: Int64) async throws -> StoredMap?
    /// The map of `image`/`layer`/`cluster`, for the trust game setting.
    func mapID(image: String, layer: String, cluster: Int) async throws -> Int64?
    /// The trust map chosen at import (the easiest-looking map), unless the config names one.
    func defaultTrustMap() async throws -> Int64?

    // MARK: Players and sessions
    /// Throws ``GameStoreError/usernameTaken`` for a name in use (ignoring case).
    func createPlayer(_ player: NewPlayer) async throws -> Player
    func player(_ id: Int64) async throws -> Player?
    /// The player and password hash of a registered name (ignoring case).
    func credentials(username: String) async throws -> (player: Player, passwordHash: String)?
    func playerID(email: String) async throws -> Int64?
    func setPasswordHash(player: Int64, hash: String) async throws
    func createSession(_ session: SessionRecord) async throws
    func session(tokenHash: String, now: Date) async throws -> SessionRecord?
    func deleteSession(tokenHash: String) async throws
    func deleteSessions(player: Int64) async throws
    func createResetToken(hash: String, player: Int64, expires: Date) async throws
    /// Marks the token used and returns its player, or nil when unknown, used or expired.
    func consumeResetToken(hash: String, now: Date) async throws -> Int64?

    // MARK: Games
    /// The player's unfinished game if there is one (resume), else a new game: the trust map
    /// for the player's ``RevealRules/trustGameOrdinal``-th game, otherwise a balanced pick
    /// among images the player has not met. Nil when no image is left for the player.
    func startGame(player: Int64, rules: RevealRules, trustMap: Int64?, seed: UInt64, now: Date) async throws -> GameRecord?
    func currentGame(player: Int64) async throws -> GameRecord?
    func game(publicID: String, player: Int64) async throws -> GameRecord?
    /// One more hint if the game is being played and hints are left; returns the game as it is.
    func reveal(publicID: String, player: Int64, rules: RevealRules) async throws -> GameRecord?
    func answer(publicID: String, player: Int64, answer: Answer, rules: RevealRules, now: Date) async throws -> AnswerResult

    // MARK: Reports
    func leaderboard(limit: Int) async throws -> [LeaderboardEntry]
    func progress() async throws -> [MapProgress]
    /// Every label with its game's outcome; untrusted players' labels only when asked.
    func labelRecords(includeUntrusted: Bool) async throws -> [LabelRecord]

    // MARK: Lifetime
    /// Where the data lives and how durably, for the server's start-up line (never a password).
    func storageSummary() async throws -> String
    /// Releases the store's connections; call it once, when nothing uses the store any more.
    func close() async
}

public enum GameStoreError: Error, Equatable, CustomStringConvertible {
    case usernameTaken
    case unsupportedURL(String)
    /// A `postgres://` URL with a wrong part (the URL is shown without its password).
    case invalidPostgresURL(String, String)

    public var description: String {
        switch self {
        case .usernameTaken: "username: already taken"
        case .unsupportedURL(let url): "--db: expected sqlite:PATH, a plain path or postgres://user:password@host:port/database, got '\(url)'"
        case .invalidPostgresURL(let url, let message): "--db '\(url)': \(message)"
        }
    }
}
