import Foundation
import INVCore
import PostgresNIO

extension PostgresGameStore {
    typealias GameRow = (Int64, String, Int64, Int64, Int, Bool, String, Int, Int, Int, String, String?, Int?, Int?, Int?, Int?, [String])

    /// The game matching `clause` with its tags, read in one statement (one snapshot); `lock` also
    /// locks its row until the transaction ends.
    static func fetchGame(_ db: PostgresConnection, where clause: PostgresQuery, lock: Bool = false, logger: Logger) async throws -> GameRecord? {
        // The prefix binds nothing, so the clause's placeholders ($1, $2, …) keep their numbers.
        var query: PostgresQuery = """
            SELECT \(unescaped: SQLiteGameStore.gameColumns),
                ARRAY(SELECT l.text FROM labels l WHERE l.game_id = games.id ORDER BY l.id) FROM games WHERE\(unescaped: " ")
            """
        query.sql += clause.sql + (lock ? " FOR UPDATE" : "")
        query.binds = clause.binds
        guard let row = try await db.first(query, as: GameRow.self, logger: logger) else { return nil }
        let tags = row.16
        let score = row.13.map { RevealRules.Score(guess: $0, streakBonus: row.14 ?? 0, tagBonus: row.15 ?? 0) }
        return GameRecord(id: row.0, publicID: row.1, player: row.2, map: row.3, ordinal: row.4, isTrustGame: row.5,
                          options: row.6.split(separator: ",").compactMap { Int($0) }, correctClass: row.7, hints: row.8,
                          streakAtStart: row.9, state: GameRecord.State(rawValue: row.10) ?? .playing,
                          outcome: row.11.flatMap(LabelRecord.Outcome.init(rawValue:)), choice: row.12, score: score, tags: tags)
    }

    /// Locks the player's row for the rest of the transaction and returns its streak and trust flag
    /// (nil for an unknown player). Every transaction that numbers or scores a player's games takes
    /// this lock first, so they run one after another for the same player in every process.
    static func lockPlayer(_ db: PostgresConnection, _ player: Int64, logger: Logger) async throws -> (streak: Int, trusted: Bool)? {
        try await db.first("SELECT streak, trusted FROM players WHERE id = \(player) FOR UPDATE", as: (Int, Bool).self, logger: logger)
            .map { (streak: $0.0, trusted: $0.1) }
    }

    public func startGame(player: Int64, rules: RevealRules, trustMap: Int64?, seed: UInt64, now: Date) async throws -> GameRecord? {
        let publicID = RandomToken.make()
        return try await transaction { db in
            guard let locked = try await Self.lockPlayer(db, player, logger: logger) else { return nil }
            if let open = try await Self.fetchGame(db, where: "player_id = \(player) AND state = 'playing'", logger: logger) { return open }
            let ordinal = (try await db.first("SELECT COUNT(*) FROM games WHERE player_id = \(player)", as: Int.self, logger: logger) ?? 0) + 1
            let seen = Set(try await db.all("SELECT DISTINCT image_id FROM games WHERE player_id = \(player)", as: Int64.self, logger: logger))
            var trustImage: Int64?
            if let trustMap {
                trustImage = try await db.first("SELECT image_id FROM maps WHERE id = \(trustMap)", as: Int64.self, logger: logger)
            }
            var rng = SeededRandom(seed: seed)
            var chosen: MapBalancing.Candidate?
            var isTrust = false
            if ordinal == rules.trustGameOrdinal, let trustMap, let trustImage, !seen.contains(trustImage) {
                chosen = MapBalancing.Candidate(map: trustMap, image: trustImage, completedGames: 0)
                isTrust = true
            } else {
                // The trust image stays out of the regular pool (it would give its answer away), unless it is all there is.
                let imageCount = try await db.first("SELECT COUNT(*) FROM images", as: Int.self, logger: logger) ?? 0
                let excluded = imageCount > 1 ? (trustImage ?? -1) : -1
                let candidates = try await db.all("""
                    WITH eligible AS (
                        SELECT id, image_id, completed_games FROM maps
                        WHERE image_id != \(excluded) AND image_id NOT IN (SELECT image_id FROM games WHERE player_id = \(player)))
                    SELECT id, image_id, completed_games FROM eligible
                    WHERE completed_games = (SELECT MIN(completed_games) FROM eligible) ORDER BY id
                    """, as: (Int64, Int64, Int).self, logger: logger)
                    .map { MapBalancing.Candidate(map: $0.0, image: $0.1, completedGames: $0.2) }
                chosen = MapBalancing.pick(from: candidates, seenImages: seen, using: &rng)
            }
            guard let chosen,
                  let correct = try await db.first("SELECT class_index FROM images WHERE id = \(chosen.image)", as: Int.self, logger: logger),
                  let namesText = try await db.first("SELECT value FROM meta WHERE key = 'class_names'", as: String.self, logger: logger)
            else { return nil }
            let classCount = try JSONDecoder().decode([String].self, from: Data(namesText.utf8)).count
            let options = OptionDrawing.draw(correct: correct, classCount: max(classCount, correct + 1), count: rules.optionCount, using: &rng)
            let optionsText = options.map(String.init).joined(separator: ",")
            guard let id = try await db.first("""
                INSERT INTO games(public_id, player_id, map_id, image_id, ordinal, trust, options, correct_class, streak_at_start, state, created)
                VALUES (\(publicID), \(player), \(chosen.map), \(chosen.image), \(ordinal), \(isTrust), \(optionsText), \(correct),
                        \(locked.streak), 'playing', \(now.timeIntervalSince1970))
                RETURNING id
                """, as: Int64.self, logger: logger) else { return nil }
            return try await Self.fetchGame(db, where: "id = \(id)", logger: logger)
        }
    }

    public func currentGame(player: Int64) async throws -> GameRecord? {
        try await autocommit { db in try await Self.fetchGame(db, where: "player_id = \(player) AND state = 'playing'", logger: logger) }
    }

    public func game(publicID: String, player: Int64) async throws -> GameRecord? {
        try await autocommit { db in try await Self.fetchGame(db, where: "public_id = \(publicID) AND player_id = \(player)", logger: logger) }
    }

    /// One statement: the hint count can only grow by one per call and never past the maximum.
    public func reveal(publicID: String, player: Int64, rules: RevealRules) async throws -> GameRecord? {
        try await transaction { db in
            try await db.run("""
                UPDATE games SET hints = hints + 1
                WHERE public_id = \(publicID) AND player_id = \(player) AND state = 'playing' AND hints < \(rules.maximumHints)
                """, logger: logger)
            return try await Self.fetchGame(db, where: "public_id = \(publicID) AND player_id = \(player)", logger: logger)
        }
    }

    /// Locks the player, then the game: a retried or concurrent answer to the same game waits and
    /// then finds it finished (``AnswerResult/alreadyFinished(_:)``), so scores and counts move once.
    public func answer(publicID: String, player: Int64, answer: Answer, rules: RevealRules, now: Date) async throws -> AnswerResult {
        try await transaction { db in
            guard let locked = try await Self.lockPlayer(db, player, logger: logger),
                  let game = try await Self.fetchGame(db, where: "public_id = \(publicID) AND player_id = \(player)", lock: true, logger: logger)
            else { return .notFound }
            guard game.state == .playing else { return .alreadyFinished(game) }
            let settled: AnswerSettlement
            switch rules.settle(answer, of: game, previousStreak: locked.streak) {
            case .success(let settlement): settled = settlement
            case .failure(let rejection): return .rejected(rejection.message)
            }
            let finishedAt = now.timeIntervalSince1970
            try await db.run("""
                UPDATE games SET state = 'finished', outcome = \(settled.outcome.rawValue), choice = \(settled.choice), guess_points = \(settled.score.guess),
                    streak_bonus = \(settled.score.streakBonus), tag_bonus = \(settled.score.tagBonus), finished = \(finishedAt)
                WHERE id = \(game.id)
                """, logger: logger)
            try await db.run("""
                UPDATE players SET score = score + \(settled.score.total), games = games + 1, wins = wins + \(settled.outcome == .win ? 1 : 0),
                    losses = losses + \(settled.outcome == .loss ? 1 : 0), resigns = resigns + \(settled.outcome == .resign ? 1 : 0),
                    streak = \(settled.streak), best_streak = GREATEST(best_streak, \(settled.streak)),
                    trusted = trusted AND NOT \(settled.failsTrust)
                WHERE id = \(player)
                """, logger: logger)
            try await db.run("UPDATE maps SET completed_games = completed_games + 1 WHERE id = \(game.map)", logger: logger)
            for tag in answer.tags {
                try await db.run("""
                    INSERT INTO labels(game_id, text, language, created) VALUES (\(game.id), \(tag), \(answer.language), \(finishedAt))
                    """, logger: logger)
            }
            guard let finished = try await Self.fetchGame(db, where: "id = \(game.id)", logger: logger),
                  let updated = try await Self.fetchPlayer(db, player, logger: logger)
            else { return .notFound }
            return .finished(finished, updated)
        }
    }
}
