import Foundation
import GRDB
import INVCore

/// The default ``GameStore``: one SQLite file opened by ``SQLiteDatabase`` (WAL mode, `synchronous =
/// FULL` by default; see there for the durability each level gives). Every statement takes its values
/// as bound parameters.
public final class SQLiteGameStore: GameStore {
    public typealias Synchronous = SQLiteDatabase.Synchronous

    let pool: DatabasePool
    public let path: String
    public let synchronous: Synchronous

    public init(path: String, synchronous: Synchronous = .full) throws {
        self.path = path
        self.synchronous = synchronous
        do {
            pool = try SQLiteDatabase.open(path: path, synchronous: synchronous, migrator: Self.migrator)
        } catch {
            throw RevealError.store("\(path): \(error)")
        }
    }

    public func storageSummary() async throws -> String {
        let durability = try await durability()
        return "\(path): journal \(durability.journal), synchronous \(synchronous.rawValue)"
    }

    /// Closes the file's connections (GRDB would close them when the store is released).
    public func close() async {
        try? pool.close()
    }

    /// The journal mode and synchronous level in force (for the server's start-up line and tests).
    public func durability() async throws -> (journal: String, synchronous: Int) { try await SQLiteDatabase.durability(pool) }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("reveal-1") { db in
            try db.execute(sql: """
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE images(id INTEGER PRIMARY KEY, run TEXT NOT NULL, name TEXT NOT NULL,
                    class_index INTEGER NOT NULL, probability REAL NOT NULL, png BLOB NOT NULL, UNIQUE(run, name));
                CREATE TABLE maps(id INTEGER PRIMARY KEY, image_id INTEGER NOT NULL REFERENCES images(id),
                    layer TEXT NOT NULL, layer_index INTEGER NOT NULL, cluster INTEGER NOT NULL, weight REAL NOT NULL,
                    width INTEGER NOT NULL, height INTEGER NOT NULL, heatmap BLOB NOT NULL,
                    completed_games INTEGER NOT NULL DEFAULT 0, UNIQUE(image_id, layer, cluster));
                CREATE INDEX maps_completed ON maps(completed_games);
                CREATE TABLE players(id INTEGER PRIMARY KEY, username TEXT UNIQUE COLLATE NOCASE, email TEXT COLLATE NOCASE,
                    password_hash TEXT, trusted INTEGER NOT NULL DEFAULT 1, score INTEGER NOT NULL DEFAULT 0,
                    games INTEGER NOT NULL DEFAULT 0, wins INTEGER NOT NULL DEFAULT 0, losses INTEGER NOT NULL DEFAULT 0,
                    resigns INTEGER NOT NULL DEFAULT 0, streak INTEGER NOT NULL DEFAULT 0, best_streak INTEGER NOT NULL DEFAULT 0,
                    created REAL NOT NULL);
                CREATE INDEX players_email ON players(email);
                CREATE INDEX players_score ON players(score DESC);
                CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, player_id INTEGER NOT NULL REFERENCES players(id),
                    csrf TEXT NOT NULL, expires REAL NOT NULL);
                CREATE INDEX sessions_player ON sessions(player_id);
                CREATE TABLE reset_tokens(token_hash TEXT PRIMARY KEY, player_id INTEGER NOT NULL REFERENCES players(id),
                    expires REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE games(id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
                    player_id INTEGER NOT NULL REFERENCES players(id), map_id INTEGER NOT NULL REFERENCES maps(id),
                    image_id INTEGER NOT NULL REFERENCES images(id), ordinal INTEGER NOT NULL, trust INTEGER NOT NULL,
                    options TEXT NOT NULL, correct_class INTEGER NOT NULL, hints INTEGER NOT NULL DEFAULT 0,
                    streak_at_start INTEGER NOT NULL, state TEXT NOT NULL, outcome TEXT, choice INTEGER,
                    guess_points INTEGER, streak_bonus INTEGER, tag_bonus INTEGER, created REAL NOT NULL, finished REAL,
                    UNIQUE(player_id, ordinal));
                CREATE UNIQUE INDEX games_one_open ON games(player_id) WHERE state = 'playing';
                CREATE INDEX games_player_image ON games(player_id, image_id);
                CREATE INDEX games_map ON games(map_id);
                CREATE TABLE labels(id INTEGER PRIMARY KEY, game_id INTEGER NOT NULL REFERENCES games(id),
                    text TEXT NOT NULL, language TEXT NOT NULL, created REAL NOT NULL);
                CREATE INDEX labels_game ON labels(game_id);
                """)
        }
        return migrator
    }

    // MARK: Data set

    public func importDataset(_ dataset: RevealDataset) async throws -> RevealDataset.Summary {
        try await pool.write { db in
            let existing = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'class_names'")
            let names = String(decoding: try JSONEncoder().encode(dataset.classNames), as: UTF8.self)
            if let existing, existing != names {
                throw RevealError.store("the database holds a run of another model (its class list differs); import into a new database")
            }
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('class_names', ?)", arguments: [names])
            var summary = RevealDataset.Summary(images: 0, maps: 0, skippedImages: 0)
            for image in dataset.images {
                if try Int64.fetchOne(db, sql: "SELECT id FROM images WHERE run = ? AND name = ?", arguments: [image.run, image.name]) != nil {
                    summary.skippedImages += 1
                    continue
                }
                try db.execute(sql: "INSERT INTO images(run, name, class_index, probability, png) VALUES (?, ?, ?, ?, ?)",
                               arguments: [image.run, image.name, image.classIndex, image.probability, image.png])
                let imageID = db.lastInsertedRowID
                for map in image.maps {
                    try db.execute(sql: """
                        INSERT INTO maps(image_id, layer, layer_index, cluster, weight, width, height, heatmap)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [imageID, map.layer, map.layerIndex, map.cluster, map.weight, map.width, map.height,
                                         FloatBlob.encode(map.values)])
                }
                summary.images += 1
                summary.maps += image.maps.count
            }
            // The default trust map: the heaviest cluster of the deepest layer of the image the model is surest of.
            let trust = try Int64.fetchOne(db, sql: """
                SELECT m.id FROM maps m JOIN images i ON i.id = m.image_id
                ORDER BY i.probability DESC, i.id, m.layer_index DESC, m.weight DESC LIMIT 1
                """)
            if let trust {
                try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('trust_map', ?)", arguments: [String(trust)])
            }
            return summary
        }
    }

    public func classNames() async throws -> [String] {
        try await pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'class_names'") else { return [] }
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        }
    }

    public func storedMap(_ map: Int64) async throws -> StoredMap? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT i.png, m.width, m.height, m.heatmap FROM maps m JOIN images i ON i.id = m.image_id WHERE m.id = ?
                """, arguments: [map]) else { return nil }
            return StoredMap(imagePNG: row["png"], width: row["width"], height: row["height"], heatmap: FloatBlob.decode(row["heatmap"]))
        }
    }

    public func mapID(image: String, layer: String, cluster: Int) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT m.id FROM maps m JOIN images i ON i.id = m.image_id WHERE i.name = ? AND m.layer = ? AND m.cluster = ?
                ORDER BY m.id LIMIT 1
                """, arguments: [image, layer, cluster])
        }
    }

    public func defaultTrustMap() async throws -> Int64? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'trust_map'").flatMap { Int64($0) }
        }
    }

    // MARK: Players and sessions

    static let playerColumns = "id, username, trusted, score, games, wins, losses, resigns, streak, best_streak"

    static func player(_ row: Row) -> Player {
        Player(id: row["id"], username: row["username"], trusted: row["trusted"], score: row["score"], games: row["games"],
               wins: row["wins"], losses: row["losses"], resigns: row["resigns"], streak: row["streak"], bestStreak: row["best_streak"])
    }

    public func createPlayer(_ new: NewPlayer) async throws -> Player {
        try await pool.write { db in
            if let name = new.username,
               try Int64.fetchOne(db, sql: "SELECT id FROM players WHERE username = ?", arguments: [name]) != nil {
                throw GameStoreError.usernameTaken
            }
            try db.execute(sql: "INSERT INTO players(username, email, password_hash, created) VALUES (?, ?, ?, ?)",
                           arguments: [new.username, new.email, new.passwordHash, Date().timeIntervalSince1970])
            let id = db.lastInsertedRowID
            return Self.player(try Row.fetchOne(db, sql: "SELECT \(Self.playerColumns) FROM players WHERE id = ?", arguments: [id])!)
        }
    }

    public func player(_ id: Int64) async throws -> Player? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.playerColumns) FROM players WHERE id = ?", arguments: [id]).map(Self.player)
        }
    }

    public func credentials(username: String) async throws -> (player: Player, passwordHash: String)? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.playerColumns), password_hash FROM players WHERE username = ?",
                                             arguments: [username]),
                  let hash: String = row["password_hash"] else { return nil }
            return (Self.player(row), hash)
        }
    }

    public func playerID(email: String) async throws -> Int64? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT id FROM players WHERE email = ? AND username IS NOT NULL ORDER BY id LIMIT 1", arguments: [email])
        }
    }

    public func setPasswordHash(player: Int64, hash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE players SET password_hash = ? WHERE id = ?", arguments: [hash, player])
        }
    }

    public func createSession(_ session: SessionRecord) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires < ?", arguments: [Date().timeIntervalSince1970])
            try db.execute(sql: "INSERT INTO sessions(token_hash, player_id, csrf, expires) VALUES (?, ?, ?, ?)",
                           arguments: [session.tokenHash, session.player, session.csrf, session.expires.timeIntervalSince1970])
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> SessionRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT player_id, csrf, expires FROM sessions WHERE token_hash = ? AND expires > ?",
                             arguments: [tokenHash, now.timeIntervalSince1970]).map { row in
                SessionRecord(tokenHash: tokenHash, player: row["player_id"], csrf: row["csrf"],
                              expires: Date(timeIntervalSince1970: row["expires"]))
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) }
    }

    public func deleteSessions(player: Int64) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM sessions WHERE player_id = ?", arguments: [player]) }
    }

    public func createResetToken(hash: String, player: Int64, expires: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO reset_tokens(token_hash, player_id, expires) VALUES (?, ?, ?)",
                           arguments: [hash, player, expires.timeIntervalSince1970])
        }
    }

    public func consumeResetToken(hash: String, now: Date) async throws -> Int64? {
        try await pool.write { db in
            try db.execute(sql: "UPDATE reset_tokens SET used = 1 WHERE token_hash = ? AND used = 0 AND expires > ?",
                           arguments: [hash, now.timeIntervalSince1970])
            guard db.changesCount == 1 else { return nil }
            return try Int64.fetchOne(db, sql: "SELECT player_id FROM reset_tokens WHERE token_hash = ?", arguments: [hash])
        }
    }
}

/// Cluster maps as little-endian float32 blobs.
enum FloatBlob {
    static func encode(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ data: Data) -> [Float] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - bytes.count % 4, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
        }
    }
}
