import Foundation
import GRDB
import INVCore

extension SQLiteGameStore {
    static let gameColumns = """
        id, public_id, player_id, map_id, ordinal, trust, options, correct_class, hints, streak_at_start, state, outcome,
        choice, guess_points, streak_bonus, tag_bonus
        """

    static func game(_ row: Row, tags: [String]) -> GameRecord {
        let options = (row["options"] as String).split(separator: ",").compactMap { Int($0) }
        let outcome = (row["outcome"] as String?).flatMap(LabelRecord.Outcome.init(rawValue:))
        let guess: Int? = row["guess_points"], streak: Int? = row["streak_bonus"], tag: Int? = row["tag_bonus"]
        let score = guess.map { RevealRules.Score(guess: $0, streakBonus: streak ?? 0, tagBonus: tag ?? 0) }
        return GameRecord(id: row["id"], publicID: row["public_id"], player: row["player_id"], map: row["map_id"],
                          ordinal: row["ordinal"], isTrustGame: row["trust"], options: options, correctClass: row["correct_class"],
                          hints: row["hints"], streakAtStart: row["streak_at_start"],
                          state: GameRecord.State(rawValue: row["state"]) ?? .playing, outcome: outcome, choice: row["choice"],
                          score: score, tags: tags)
    }

    static func fetchGame(_ db: Database, where clause: String, _ arguments: StatementArguments) throws -> GameRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(gameColumns) FROM games WHERE \(clause)", arguments: arguments) else { return nil }
        let tags = try String.fetchAll(db, sql: "SELECT text FROM labels WHERE game_id = ? ORDER BY id", arguments: [row["id"] as Int64])
        return game(row, tags: tags)
    }

    public func startGame(player: Int64, rules: RevealRules, trustMap: Int64?, seed: UInt64, now: Date) async throws -> GameRecord? {
        let publicID = RandomToken.make()
        return try await pool.write { db in
            if let open = try Self.fetchGame(db, where: "player_id = ? AND state = 'playing'", [player]) { return open }
            guard let streak = try Int.fetchOne(db, sql: "SELECT streak FROM players WHERE id = ?", arguments: [player]) else { return nil }
            let ordinal = (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM games WHERE player_id = ?", arguments: [player]) ?? 0) + 1
            let seen = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT image_id FROM games WHERE player_id = ?", arguments: [player]))
            let trustImage = try trustMap.flatMap { try Int64.fetchOne(db, sql: "SELECT image_id FROM maps WHERE id = ?", arguments: [$0]) }
            var rng = SeededRandom(seed: seed)
            var chosen: MapBalancing.Candidate?
            var isTrust = false
            if ordinal == rules.trustGameOrdinal, let trustMap, let trustImage, !seen.contains(trustImage) {
                chosen = MapBalancing.Candidate(map: trustMap, image: trustImage, completedGames: 0)
                isTrust = true
            } else {
                // The trust image stays out of the regular pool (it would give its answer away), unless it is all there is.
                let imageCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM images") ?? 0
                let excluded = imageCount > 1 ? (trustImage ?? -1) : -1
                let rows = try Row.fetchAll(db, sql: """
                    WITH eligible AS (
                        SELECT id, image_id, completed_games FROM maps
                        WHERE image_id != ? AND image_id NOT IN (SELECT image_id FROM games WHERE player_id = ?))
                    SELECT id, image_id, completed_games FROM eligible
                    WHERE completed_games = (SELECT MIN(completed_games) FROM eligible) ORDER BY id
                    """, arguments: [excluded, player])
                let candidates = rows.map { MapBalancing.Candidate(map: $0["id"], image: $0["image_id"], completedGames: $0["completed_games"]) }
                chosen = MapBalancing.pick(from: candidates, seenImages: seen, using: &rng)
            }
            guard let chosen else { return nil }
            guard let correct = try Int.fetchOne(db, sql: "SELECT class_index FROM images WHERE id = ?", arguments: [chosen.image]),
                  let namesText = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'class_names'") else { return nil }
            let classCount = try JSONDecoder().decode([String].self, from: Data(namesText.utf8)).count
            let options = OptionDrawing.draw(correct: correct, classCount: max(classCount, correct + 1), count: rules.optionCount, using: &rng)
            try db.execute(sql: """
                INSERT INTO games(public_id, player_id, map_id, image_id, ordinal, trust, options, correct_class, streak_at_start, state, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'playing', ?)
                """, arguments: [publicID, player, chosen.map, chosen.image, ordinal, isTrust,
                                 options.map(String.init).joined(separator: ","), correct, streak, now.timeIntervalSince1970])
            return try Self.fetchGame(db, where: "id = ?", [db.lastInsertedRowID])
        }
    }

    public func currentGame(player: Int64) async throws -> GameRecord? {
        try await pool.read { db in try Self.fetchGame(db, where: "player_id = ? AND state = 'playing'", [player]) }
    }

    public func game(publicID: String, player: Int64) async throws -> GameRecord? {
        try await pool.read { db in try Self.fetchGame(db, where: "public_id = ? AND player_id = ?", [publicID, player]) }
    }

    public func reveal(publicID: String, player: Int64, rules: RevealRules) async throws -> GameRecord? {
        try await pool.write { db in
            try db.execute(sql: "UPDATE games SET hints = hints + 1 WHERE public_id = ? AND player_id = ? AND state = 'playing' AND hints < ?",
                           arguments: [publicID, player, rules.maximumHints])
            return try Self.fetchGame(db, where: "public_id = ? AND player_id = ?", [publicID, player])
        }
    }

    public func answer(publicID: String, player: Int64, answer: Answer, rules: RevealRules, now: Date) async throws -> AnswerResult {
        try await pool.write { db in
            guard let game = try Self.fetchGame(db, where: "public_id = ? AND player_id = ?", [publicID, player]) else { return .notFound }
            guard game.state == .playing else { return .alreadyFinished(game) }
            guard let streak = try Int.fetchOne(db, sql: "SELECT streak FROM players WHERE id = ?", arguments: [player]) else {
                return .notFound
            }
            let settled: AnswerSettlement
            switch rules.settle(answer, of: game, previousStreak: streak) {
            case .success(let settlement): settled = settlement
            case .failure(let rejection): return .rejected(rejection.message)
            }
            try db.execute(sql: """
                UPDATE games SET state = 'finished', outcome = ?, choice = ?, guess_points = ?, streak_bonus = ?, tag_bonus = ?, finished = ?
                WHERE id = ?
                """, arguments: [settled.outcome.rawValue, settled.choice, settled.score.guess, settled.score.streakBonus, settled.score.tagBonus,
                                 now.timeIntervalSince1970, game.id])
            try db.execute(sql: """
                UPDATE players SET score = score + ?, games = games + 1, wins = wins + ?, losses = losses + ?, resigns = resigns + ?,
                    streak = ?, best_streak = MAX(best_streak, ?), trusted = CASE WHEN ? THEN 0 ELSE trusted END
                WHERE id = ?
                """, arguments: [settled.score.total, settled.outcome == .win ? 1 : 0, settled.outcome == .loss ? 1 : 0,
                                 settled.outcome == .resign ? 1 : 0, settled.streak, settled.streak, settled.failsTrust, player])
            try db.execute(sql: "UPDATE maps SET completed_games = completed_games + 1 WHERE id = ?", arguments: [game.map])
            for tag in answer.tags {
                try db.execute(sql: "INSERT INTO labels(game_id, text, language, created) VALUES (?, ?, ?, ?)",
                               arguments: [game.id, tag, answer.language, now.timeIntervalSince1970])
            }
            guard let finished = try Self.fetchGame(db, where: "id = ?", [game.id]),
                  let playerRow = try Row.fetchOne(db, sql: "SELECT \(Self.playerColumns) FROM players WHERE id = ?", arguments: [player])
            else { return .notFound }
            return .finished(finished, Self.player(playerRow))
        }
    }

    // MARK: Reports

    public func leaderboard(limit: Int) async throws -> [LeaderboardEntry] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.playerColumns) FROM players WHERE username IS NOT NULL ORDER BY score DESC, id LIMIT ?
                """, arguments: [limit]).enumerated().map { i, row in
                let p = Self.player(row)
                return LeaderboardEntry(rank: i + 1, name: p.username ?? "", score: p.score, games: p.games, wins: p.wins,
                                        winRate: p.winRate, streak: p.streak, bestStreak: p.bestStreak)
            }
        }
    }

    public func progress() async throws -> [MapProgress] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.name, m.layer, m.cluster,
                    COUNT(g.id) AS games,
                    COALESCE(SUM(g.outcome = 'win'), 0) AS wins, COALESCE(SUM(g.outcome = 'loss'), 0) AS losses,
                    COALESCE(SUM(g.outcome = 'resign'), 0) AS resigns,
                    (SELECT COUNT(*) FROM labels l JOIN games g2 ON g2.id = l.game_id WHERE g2.map_id = m.id) AS labels
                FROM maps m JOIN images i ON i.id = m.image_id
                LEFT JOIN games g ON g.map_id = m.id AND g.state = 'finished'
                GROUP BY m.id ORDER BY i.name, m.layer_index, m.cluster
                """).map { row in
                MapProgress(image: row["name"], layer: row["layer"], cluster: row["cluster"], games: row["games"], labels: row["labels"],
                            wins: row["wins"], losses: row["losses"], resigns: row["resigns"])
            }
        }
    }

    public func labelRecords(includeUntrusted: Bool) async throws -> [LabelRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.run, i.name, m.layer, m.cluster, g.player_id, p.trusted, g.outcome, g.hints, l.text, l.language, l.created
                FROM labels l JOIN games g ON g.id = l.game_id JOIN maps m ON m.id = g.map_id JOIN images i ON i.id = m.image_id
                JOIN players p ON p.id = g.player_id
                WHERE p.trusted = 1 OR ?
                ORDER BY l.id
                """, arguments: [includeUntrusted]).map { row in
                LabelRecord(run: row["run"], image: row["name"], layer: row["layer"], cluster: row["cluster"],
                            player: "p\(row["player_id"] as Int64)", trusted: row["trusted"],
                            outcome: LabelRecord.Outcome(rawValue: row["outcome"]) ?? .loss, hints: row["hints"], text: row["text"],
                            language: row["language"], timestamp: Date(timeIntervalSince1970: (row["created"] as Double).rounded(.down)))
            }
        }
    }
}

/// Unguessable ids and tokens: 32 random bytes from the system generator, as URL-safe base64.
public enum RandomToken {
    public static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
