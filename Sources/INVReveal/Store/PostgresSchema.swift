import PostgresNIO

/// The tables of ``PostgresGameStore``: those of ``SQLiteGameStore`` with PostgreSQL's types
/// (identity keys, BYTEA blobs, BOOLEAN flags, timestamps as seconds since 1970 in DOUBLE PRECISION,
/// names unique ignoring case through an index on `lower(username)`).
///
/// `reveal_schema` records the version. Creation runs under a transaction-scoped advisory lock, so
/// several server processes starting at once create the tables exactly once; a database written by
/// a newer INVKit is refused rather than misread.
enum PostgresSchema {
    static let version = 1
    /// The key of the advisory lock that serialises schema creation (any constant unique to Deep Reveal).
    static let lockKey: Int64 = 0x4445_4550_5256_4C31

    static func migrate(_ store: PostgresGameStore) async throws {
        try await store.transaction { db in
            try await db.run("SELECT pg_advisory_xact_lock(\(lockKey))", logger: store.logger)
            try await db.run("CREATE TABLE IF NOT EXISTS reveal_schema(version INTEGER NOT NULL)", logger: store.logger)
            let found = try await db.first("SELECT MAX(version) FROM reveal_schema", as: Int?.self, logger: store.logger) ?? nil
            switch found {
            case nil:
                for statement in statements { try await db.run(PostgresQuery(unsafeSQL: statement), logger: store.logger) }
                try await db.run("INSERT INTO reveal_schema(version) VALUES (\(version))", logger: store.logger)
            case let found? where found > version:
                throw RevealError.store("the database has schema version \(found); this inv knows only up to \(version): upgrade inv")
            default:
                break
            }
        }
    }

    static let statements = [
        "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """
        CREATE TABLE images(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, run TEXT NOT NULL, name TEXT NOT NULL,
            class_index INTEGER NOT NULL, probability DOUBLE PRECISION NOT NULL, png BYTEA NOT NULL, UNIQUE(run, name))
        """,
        """
        CREATE TABLE maps(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, image_id BIGINT NOT NULL REFERENCES images(id),
            layer TEXT NOT NULL, layer_index INTEGER NOT NULL, cluster INTEGER NOT NULL, weight DOUBLE PRECISION NOT NULL,
            width INTEGER NOT NULL, height INTEGER NOT NULL, heatmap BYTEA NOT NULL,
            completed_games INTEGER NOT NULL DEFAULT 0, UNIQUE(image_id, layer, cluster))
        """,
        "CREATE INDEX maps_completed ON maps(completed_games)",
        """
        CREATE TABLE players(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, username TEXT, email TEXT,
            password_hash TEXT, trusted BOOLEAN NOT NULL DEFAULT TRUE, score INTEGER NOT NULL DEFAULT 0,
            games INTEGER NOT NULL DEFAULT 0, wins INTEGER NOT NULL DEFAULT 0, losses INTEGER NOT NULL DEFAULT 0,
            resigns INTEGER NOT NULL DEFAULT 0, streak INTEGER NOT NULL DEFAULT 0, best_streak INTEGER NOT NULL DEFAULT 0,
            created DOUBLE PRECISION NOT NULL)
        """,
        "CREATE UNIQUE INDEX players_username ON players(lower(username))",
        "CREATE INDEX players_email ON players(lower(email))",
        "CREATE INDEX players_score ON players(score DESC)",
        """
        CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, player_id BIGINT NOT NULL REFERENCES players(id),
            csrf TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX sessions_player ON sessions(player_id)",
        """
        CREATE TABLE reset_tokens(token_hash TEXT PRIMARY KEY, player_id BIGINT NOT NULL REFERENCES players(id),
            expires DOUBLE PRECISION NOT NULL, used BOOLEAN NOT NULL DEFAULT FALSE)
        """,
        """
        CREATE TABLE games(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, public_id TEXT NOT NULL UNIQUE,
            player_id BIGINT NOT NULL REFERENCES players(id), map_id BIGINT NOT NULL REFERENCES maps(id),
            image_id BIGINT NOT NULL REFERENCES images(id), ordinal INTEGER NOT NULL, trust BOOLEAN NOT NULL,
            options TEXT NOT NULL, correct_class INTEGER NOT NULL, hints INTEGER NOT NULL DEFAULT 0,
            streak_at_start INTEGER NOT NULL, state TEXT NOT NULL, outcome TEXT, choice INTEGER,
            guess_points INTEGER, streak_bonus INTEGER, tag_bonus INTEGER, created DOUBLE PRECISION NOT NULL,
            finished DOUBLE PRECISION, UNIQUE(player_id, ordinal))
        """,
        "CREATE UNIQUE INDEX games_one_open ON games(player_id) WHERE state = 'playing'",
        "CREATE INDEX games_player_image ON games(player_id, image_id)",
        "CREATE INDEX games_map ON games(map_id)",
        """
        CREATE TABLE labels(id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, game_id BIGINT NOT NULL REFERENCES games(id),
            text TEXT NOT NULL, language TEXT NOT NULL, created DOUBLE PRECISION NOT NULL)
        """,
        "CREATE INDEX labels_game ON labels(game_id)",
    ]
}
