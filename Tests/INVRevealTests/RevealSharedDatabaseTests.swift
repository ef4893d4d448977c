import Foundation
import Hummingbird
import HummingbirdTesting
import INVCore
import Testing
@testable import INVReveal

/// Several server processes on one database (the PostgreSQL deployment; two SQLite stores on one
/// file behave alike): each server has a store of its own, players move between them as behind a
/// load balancer, and racing requests are decided by the database.
@Suite struct RevealSharedDatabaseTests {
    /// Runs `body` with two servers over two stores of one new database holding the fixture.
    func withTwoServers(_ backend: RevealBackend,
                        _ body: @escaping @Sendable (_ first: any TestClientProtocol, _ second: any TestClientProtocol, _ store: any GameStore) async throws -> Void)
        async throws {
        let directory = try RevealFixture.temporaryDirectory()
        let config = RevealFixture.config(in: directory)
        try await backend.withStores(2, in: directory) { stores in
            _ = try await stores[0].importDataset(try RevealFixture.dataset())
            let first = try await RevealServer(store: stores[0], config: config)
            let second = try await RevealServer(store: stores[1], config: config)
            try await Application(router: first.router()).test(.router) { firstClient in
                try await Application(router: second.router()).test(.router) { secondClient in
                    try await body(firstClient, secondClient, stores[0])
                }
            }
        }
    }

    @Test(arguments: RevealBackend.available) func anAnswerSentToTwoServersAtOnceIsRecordedOnce(backend: RevealBackend) async throws {
        try await withTwoServers(backend) { first, second, store in
            let players = 12
            let statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for _ in 0..<players {
                    group.addTask {
                        let here = Browser(first)
                        try await here.playAsGuest()
                        let game = try await here.startGame()
                        // The same session on the other server (sessions live in the database).
                        let there = Browser(second)
                        there.cookies = here.cookies
                        there.csrf = here.csrf
                        let id = game["id"] as! String
                        let correct = try await correctClass(store, id)
                        async let a = here.answer(id: id, choice: correct, tags: ["once"])
                        async let b = there.answer(id: id, choice: correct, tags: ["once"])
                        return [try await a.status, try await b.status]
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for pair in statuses {
                #expect(pair.sorted { $0.code < $1.code } == [.ok, .conflict], "one answer saved, the other told it is finished: \(pair)")
            }
            let labels = try await store.labelRecords(includeUntrusted: true)
            #expect(labels.count == players, "one label per game")
            #expect(Set(labels.map(\.player)).count == players)
            #expect(labels.allSatisfy { $0.outcome == .win })
            let progress = try await store.progress()
            #expect(progress.map(\.games).reduce(0, +) == players, "each game counted once in its map's completed games")
            for record in labels {
                let id = try #require(Int64(record.player.dropFirst()))
                let player = try #require(try await store.player(id))
                #expect(player.games == 1 && player.wins == 1 && player.score == 325, "\(record.player): \(player)")
            }
        }
    }

    @Test(arguments: RevealBackend.available) func oneNameRegisteredOnTwoServersAtOnceGoesToOnePlayer(backend: RevealBackend) async throws {
        try await withTwoServers(backend) { first, second, store in
            for round in 0..<5 {
                let name = "Racer\(round)"
                async let a = Browser(first).register(name)
                async let b = Browser(second).register(name.lowercased())
                let statuses = [try await a.status, try await b.status].sorted { $0.code < $1.code }
                #expect(statuses == [.created, .conflict], "round \(round): \(statuses)")
                #expect(try await store.credentials(username: name.uppercased()) != nil)
            }
            #expect(try await store.leaderboard(limit: 50).count == 5)
        }
    }

    @Test(arguments: RevealBackend.available) func aPlayerMovingBetweenServersKeepsOneGameAndOneNumbering(backend: RevealBackend) async throws {
        try await withTwoServers(backend) { first, second, store in
            let here = Browser(first)
            _ = try await here.register("wanderer")
            let there = Browser(second)
            there.cookies = here.cookies
            there.csrf = here.csrf
            for round in 1...4 {
                // Both servers asked for a new game at once: one game is opened, the other request resumes it.
                async let a = here.startGame()
                async let b = there.startGame()
                let (gameA, gameB) = try await (a, b)
                #expect(gameA["id"] as? String == gameB["id"] as? String, "round \(round)")
                let correct = try await correctClass(store, gameA["id"] as! String)
                let answer = try await (round.isMultiple(of: 2) ? here : there).answer(gameA, choice: correct, tags: ["round \(round)"])
                #expect(answer.status == .ok)
            }
            let player = try #require(try await store.credentials(username: "wanderer")).player
            #expect(player.games == 4 && player.wins == 4 && player.streak == 4)
            let labels = try await store.labelRecords(includeUntrusted: true)
            #expect(labels.map(\.text) == (1...4).map { "round \($0)" })
            #expect(Set(labels.map(\.image)).count == 4, "no image met twice")
        }
    }
}
