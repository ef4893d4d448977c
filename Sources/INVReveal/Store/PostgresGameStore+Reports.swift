import Foundation
import INVCore
import PostgresNIO

extension PostgresGameStore {
    public func leaderboard(limit: Int) async throws -> [LeaderboardEntry] {
        try await autocommit { db in
            try await db.all("""
                SELECT \(unescaped: Self.playerColumns) FROM players WHERE username IS NOT NULL ORDER BY score DESC, id LIMIT \(limit)
                """, as: PlayerRow.self, logger: logger)
        }.enumerated().map { i, row in
            let p = Self.player(row)
            return LeaderboardEntry(rank: i + 1, name: p.username ?? "", score: p.score, games: p.games, wins: p.wins,
                                    winRate: p.winRate, streak: p.streak, bestStreak: p.bestStreak)
        }
    }

    public func progress() async throws -> [MapProgress] {
        try await autocommit { db in
            try await db.all("""
                SELECT i.name, m.layer, m.cluster, COUNT(g.id),
                    (SELECT COUNT(*) FROM labels l JOIN games g2 ON g2.id = l.game_id WHERE g2.map_id = m.id),
                    COUNT(g.id) FILTER (WHERE g.outcome = 'win'), COUNT(g.id) FILTER (WHERE g.outcome = 'loss'),
                    COUNT(g.id) FILTER (WHERE g.outcome = 'resign')
                FROM maps m JOIN images i ON i.id = m.image_id
                LEFT JOIN games g ON g.map_id = m.id AND g.state = 'finished'
                GROUP BY m.id, i.name ORDER BY i.name, m.layer_index, m.cluster
                """, as: (String, String, Int, Int, Int, Int, Int, Int).self, logger: logger)
        }.map { name, layer, cluster, games, labels, wins, losses, resigns in
            MapProgress(image: name, layer: layer, cluster: cluster, games: games, labels: labels, wins: wins, losses: losses, resigns: resigns)
        }
    }

    public func labelRecords(includeUntrusted: Bool) async throws -> [LabelRecord] {
        try await autocommit { db in
            try await db.all("""
                SELECT i.run, i.name, m.layer, m.cluster, g.player_id, p.trusted, g.outcome, g.hints, l.text, l.language, l.created
                FROM labels l JOIN games g ON g.id = l.game_id JOIN maps m ON m.id = g.map_id JOIN images i ON i.id = m.image_id
                JOIN players p ON p.id = g.player_id
                WHERE p.trusted OR \(includeUntrusted)
                ORDER BY l.id
                """, as: (String, String, String, Int, Int64, Bool, String, Int, String, String, Double).self, logger: logger)
        }.map { run, image, layer, cluster, player, trusted, outcome, hints, text, language, created in
            LabelRecord(run: run, image: image, layer: layer, cluster: cluster, player: "p\(player)", trusted: trusted,
                        outcome: LabelRecord.Outcome(rawValue: outcome) ?? .loss, hints: hints, text: text, language: language,
                        timestamp: Date(timeIntervalSince1970: created.rounded(.down)))
        }
    }
}
